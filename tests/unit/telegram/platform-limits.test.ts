import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BUTTON_TOKEN_TTL_MS, CallbackCodec } from '../../../bot/telegram/callback-data.js';
import { sqliteButtonTokens } from '../../../stores/button-tokens/sqlite.js';
import { permanentFailure } from '../../../bot/telegram/bot.js';
import { splitForTelegram, truncateForTelegram } from '../../../bot/telegram/split-text.js';

describe('splitForTelegram (sendMessage: 4096 UTF-16 units)', () => {
  it('never cuts a surrogate pair, a ZWJ sequence or a flag', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
    const text = `${'安'.repeat(4090)}${family}${'🇨🇳'.repeat(10)}尾`;
    const parts = splitForTelegram(text);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts[1]!.startsWith(family)).toBe(true);
    // No lone surrogate at either end of a piece.
    for (const p of parts) expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p)).toBe(false);
  });

  it('prefers a line break in the second half of a piece', () => {
    const text = `${'甲'.repeat(3000)}\n${'乙'.repeat(3000)}`;
    expect(splitForTelegram(text)).toEqual(['甲'.repeat(3000), '乙'.repeat(3000)]);
  });

  it('truncates a caption between graphemes', () => {
    expect(truncateForTelegram(`${'a'.repeat(1023)}😀`, 1024)).toBe('a'.repeat(1023));
  });
});

describe('CallbackCodec (InlineKeyboardButton.callback_data: 1-64 bytes)', () => {
  const codec = () => new CallbackCodec(sqliteButtonTokens(new Database(':memory:')));

  it('sends short values as they are and shortens long ones reversibly', async () => {
    const c = codec();
    expect(await c.encode('m:report')).toBe('m:report');
    const long = `a:ZZ-2026-000001:${'整改'.repeat(20)}`;
    const token = await c.encode(long);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(64);
    expect(await c.decode(token)).toBe(long);
    expect(await c.encode(long)).toBe(token);
    expect(await c.decode('m:report')).toBe('m:report');
  });

  it('passes an unknown or expired token on unchanged, for the handler to call stale', async () => {
    const tokens = sqliteButtonTokens(new Database(':memory:'));
    let now = new Date('2026-12-01T00:00:00Z');
    const c = new CallbackCodec(tokens, () => now);
    expect(await c.decode('~abcdefghijklmnopqrstuv')).toBe('~abcdefghijklmnopqrstuv');
    const token = await c.encode(`c:${'ZZ-2026-000123:'.repeat(6)}`);
    now = new Date(now.getTime() + BUTTON_TOKEN_TTL_MS + 1);
    expect(await c.decode(token)).toBe(token);
  });
});

describe('permanent Telegram failures', () => {
  const err = (code: number, description: string) => new GrammyError('call failed', { ok: false, error_code: code, description }, 'sendMessage', {});

  it('names blocked bots, deactivated users and missing chats undeliverable, and nothing else', () => {
    expect(permanentFailure('tg:1', err(403, 'Forbidden: bot was blocked by the user'))?.name).toBe('UndeliverableError');
    expect(permanentFailure('tg:1', err(403, 'Forbidden: user is deactivated'))?.name).toBe('UndeliverableError');
    expect(permanentFailure('tg:1', err(400, 'Bad Request: chat not found'))?.name).toBe('UndeliverableError');
    expect(permanentFailure('tg:1', err(400, 'Bad Request: message is too long'))).toBeUndefined();
    expect(permanentFailure('tg:1', err(429, 'Too Many Requests: retry after 5'))).toBeUndefined();
    expect(permanentFailure('tg:1', new Error('socket hang up'))).toBeUndefined();
  });
});
