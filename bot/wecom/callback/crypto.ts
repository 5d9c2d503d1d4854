import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';

export interface CallbackSecrets {
  token: string;
  encodingAESKey: string;
  /** The receiveid every message for this app must carry (the CorpID for a self-built app). */
  corpId: string;
}

export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Why a callback was refused; `status` is what WeCom (or a forger) gets back. */
export class CallbackRejected extends Error {
  constructor(
    readonly status: 400 | 403,
    reason: string,
  ) {
    super(reason);
    this.name = 'CallbackRejected';
  }
}

export function signatureMatches(token: string, q: SignedQuery, encrypted: string): boolean {
  const expected = Buffer.from(getSignature(token, q.timestamp, q.nonce, encrypted));
  const given = Buffer.from(q.signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks the signature before touching the ciphertext, decrypts, and checks the receiveid
 * (@wecom/crypto leaves that to the caller). Returns the plaintext.
 */
export function openCallback(secrets: CallbackSecrets, q: SignedQuery, encrypted: string): string {
  if (!signatureMatches(secrets.token, q, encrypted)) throw new CallbackRejected(403, 'signature mismatch');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(secrets.encodingAESKey, encrypted);
  } catch {
    throw new CallbackRejected(400, 'ciphertext does not decrypt');
  }
  if (opened.id !== secrets.corpId) throw new CallbackRejected(403, 'message is for another receiver');
  return opened.message;
}
