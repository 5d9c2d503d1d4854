import type { Inbound, Locale, Outbound } from '../domain/index.js';
import { negotiateLocale, translator } from '../locales/index.js';

/**
 * The longest text any door passes on (Telegram's own cap is 4,096; longer only comes from forged or
 * pasted input). Refused before any store or model sees it.
 */
export const MAX_INBOUND_TEXT = 10_000;

/** Code point ranges that render as nothing: zero-width, joiners, direction marks, fillers, variation selectors, BOM. */
const INVISIBLE: Array<[number, number]> = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];
const invisible = (ch: string): boolean => {
  const cp = ch.codePointAt(0)!;
  return /\s/u.test(ch) || INVISIBLE.some(([a, b]) => cp >= a && cp <= b);
};

/**
 * Control characters (C0 but tab and line breaks, DEL, C1), zero-width spaces, BOMs, word joiners and
 * direction overrides: never typed on purpose, and able to hide or reorder what officials read. Removed
 * from every text that comes in; joiners and variation selectors stay (emoji need them).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRAY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;
export const cleanText = (text: string): string => text.replace(STRAY, '');

/** The inbound with its text, command arguments or caption cleaned (cleanText). */
export function cleanInbound(inbound: Inbound): Inbound {
  if (inbound.kind === 'text') return { ...inbound, text: cleanText(inbound.text) };
  if (inbound.kind === 'command') return { ...inbound, args: cleanText(inbound.args) };
  if (inbound.kind === 'photo' && inbound.caption !== undefined) return { ...inbound, caption: cleanText(inbound.caption) };
  return inbound;
}

/** Only blanks and invisible characters: nothing a person could have meant. */
export const isBlank = (text: string): boolean => [...text].every(invisible);

/** A clear answer for text that must not reach a dialog (too long, or empty once the invisible is removed). */
export function refuseText(inbound: Inbound, fallback: Locale): Outbound[] | undefined {
  const body = inbound.kind === 'text' ? inbound.text : inbound.kind === 'command' ? inbound.args : undefined;
  if (body === undefined) return undefined;
  const t = translator(negotiateLocale(inbound.locale, fallback));
  if (body.length > MAX_INBOUND_TEXT) {
    return [{ kind: 'text', text: t('input.textTooLong', { length: body.length, max: MAX_INBOUND_TEXT }) }];
  }
  if (inbound.kind === 'text' && isBlank(body)) return [{ kind: 'text', text: t('input.emptyText') }];
  return undefined;
}
