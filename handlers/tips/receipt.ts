import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a receipt code is copied by hand and read out at a counter. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 12; // 31^12 ≈ 2^59: not guessable, so an unknown code needs no rate limit of its own

export function newReceiptCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Shown as XXXX-XXXX-XXXX; typed back in any case, with or without separators. */
export const formatReceiptCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

export function normalizeReceiptCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return code.length === LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : undefined;
}

/** 举报密码: 6–20 letters or digits, and not one a stranger would try first. */
export function pinProblem(pin: string): 'format' | 'weak' | undefined {
  if (!/^[A-Za-z0-9]{6,20}$/.test(pin)) return 'format';
  if (/^(.)\1+$/.test(pin) || '01234567890'.includes(pin) || '09876543210'.includes(pin)) return 'weak';
  return undefined;
}

/** The H5 form's token: issued with the form, sent back with it (random, URL-safe). */
export const isFormToken = (token: string): boolean => /^[A-Za-z0-9_-]{22,64}$/.test(token);

/**
 * The receipt code of a form submission, derived from its form token: sending the same form twice
 * yields the same code, so the second answer repeats the first receipt instead of filing a second case.
 * Only the tipster's browser holds the token, and SHA-256 cannot be turned back to pick a known code.
 */
export function receiptCodeForForm(token: string): string {
  const digest = createHash('sha256').update(`h5-form:${token}`).digest();
  return Array.from(digest.subarray(0, LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join('');
}
