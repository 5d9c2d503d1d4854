import { createHash } from 'node:crypto';

/** Bot API › InlineKeyboardButton: callback_data is 1-64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Marks a compact token; handler values never start with it (they are `prefix:…` words). */
const TOKEN_MARK = '~';

/**
 * Makes every button value fit Telegram's 64-byte callback_data at render time. Values that fit are
 * sent as they are (they survive restarts); a longer one becomes `~` + 22 characters of its SHA-256
 * (base64url), remembered here so the press maps back to the full value. A token pressed after a
 * restart is passed on unchanged and the handler treats it as a stale button.
 */
export class CallbackCodec {
  private readonly long = new Map<string, string>();

  constructor(private readonly maxRemembered = 10_000) {}

  encode(value: string): string {
    if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(TOKEN_MARK)) return value;
    const token = TOKEN_MARK + createHash('sha256').update(value).digest('base64url').slice(0, 22);
    this.long.delete(token);
    this.long.set(token, value);
    if (this.long.size > this.maxRemembered) this.long.delete(this.long.keys().next().value!);
    return token;
  }

  decode(data: string): string {
    return data.startsWith(TOKEN_MARK) ? (this.long.get(data) ?? data) : data;
  }
}
