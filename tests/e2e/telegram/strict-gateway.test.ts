import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

/**
 * The Telegram fake refuses what the Bot API documents as refused (telegram-rules.ts): what the bot
 * sent before issue 13 (a 91-byte callback_data, an uncut 5000-character text) is refused here, and the
 * channel as it is now stays within every limit.
 */
describe('the strict Telegram gateway', () => {
  let w: TelegramWorld;
  beforeAll(async () => {
    w = await startTelegramWorld('sqlite');
  });
  afterAll(async () => w?.stop());

  const call = (method: string, body: unknown) =>
    fetch(`${w.gateway.url}/bot${BOT_TOKEN}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, json: (await r.json()) as { ok: boolean; description?: string } }),
    );
  const longValue = `c:${'ZZ-2026-000123:'.repeat(6)}`; // 91 bytes

  it('refuses an empty or over-long text and a callback_data over 64 bytes, as the Bot API does', async () => {
    expect(await call('sendMessage', { chat_id: 733001, text: '' })).toMatchObject({ status: 400, json: { ok: false, description: 'Bad Request: message text is empty' } });
    expect(await call('sendMessage', { chat_id: 733001, text: '隐'.repeat(4097) })).toMatchObject({ status: 400, json: { description: 'Bad Request: message is too long' } });
    const keyboard = { inline_keyboard: [[{ text: '查看', callback_data: longValue }]] };
    expect(await call('sendMessage', { chat_id: 733001, text: '案件', reply_markup: keyboard })).toMatchObject({ status: 400, json: { description: 'Bad Request: BUTTON_DATA_INVALID' } });
    expect(await call('answerCallbackQuery', { callback_query_id: 'q1', text: '好'.repeat(201) })).toMatchObject({ status: 400 });
  });

  it('the channel keeps a long text with a long button value and a long caption within the limits', async () => {
    const refusedBefore = w.gateway.refused.length;
    const u = w.user(733002);
    await w.channel.chatPort.send('tg:733002', [{ kind: 'text', text: '⚠️隐患说明'.repeat(900), choices: [[{ label: '查看', value: longValue }]] }]);
    const photo = await w.stores.media.put(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#0a0' } }).jpeg().toBuffer(), { mime: 'image/jpeg' });
    await w.channel.chatPort.send('tg:733002', [{ kind: 'photo', mediaId: photo.id, caption: '整改前照片说明'.repeat(200) }]);
    expect(w.gateway.refused.slice(refusedBefore)).toEqual([]);
    const texts = await u.unread();
    expect(texts.length).toBeGreaterThan(1);
    expect(Buffer.byteLength(texts.at(-1)!.buttons[0]!.value)).toBeLessThanOrEqual(64);
    expect(w.gateway.takePhotos(733002)[0]!.caption!.length).toBeLessThanOrEqual(1024);
  });
});
