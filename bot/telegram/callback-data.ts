import { createHash } from 'node:crypto';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';

/** Bot API › InlineKeyboardButton: callback_data is 1-64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Marks a compact token; handler values never start with it (they are `prefix:…` words). */
const TOKEN_MARK = '~';
/** How long a shortened button keeps working after it was last shown. */
export const BUTTON_TOKEN_TTL_MS = 90 * 24 * 3_600_000;

/**
 * Makes every button value fit Telegram's 64-byte callback_data at render time. Values that fit are
 * sent as they are; a longer one becomes `~` + 22 characters of its SHA-256 (base64url), kept in the
 * token store so a press after a restart, or on another replica, maps back to the full value. A token
 * the store no longer knows (expired) is passed on unchanged and the handler treats it as a stale button.
 */
export class CallbackCodec {
  constructor(
    private readonly tokens: ButtonTokenRepo,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async encode(value: string): Promise<string> {
    if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(TOKEN_MARK)) return value;
    const token = TOKEN_MARK + createHash('sha256').update(value).digest('base64url').slice(0, 22);
    await this.tokens.put(token, value, new Date(this.now().getTime() + BUTTON_TOKEN_TTL_MS));
    return token;
  }

  async decode(data: string): Promise<string> {
    return data.startsWith(TOKEN_MARK) ? ((await this.tokens.get(data, this.now())) ?? data) : data;
  }
}
