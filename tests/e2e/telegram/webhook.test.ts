import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_WEBHOOK_PATH } from '../../../bot/telegram/index.js';
import { startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

const SECRET = 'right-secret_2026';

describe('Telegram webhook mode', () => {
  let w: TelegramWorld;
  const app = new Hono();
  app.post(TELEGRAM_WEBHOOK_PATH, (c) => w.channel.webhookRoute!(c));

  beforeAll(async () => {
    w = await startTelegramWorld('sqlite', undefined, { channel: { webhook: { url: `https://bot.example.org${TELEGRAM_WEBHOOK_PATH}`, secret: SECRET } } });
  });
  afterAll(async () => w?.stop());

  const update = (updateId: number) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 731008, type: 'private', first_name: 'Web' },
      from: { id: 731008, is_bot: false, first_name: 'Web' },
      text: '/help',
      entities: [{ offset: 0, length: 5, type: 'bot_command' }],
    },
  });
  const post = (body: unknown, secret?: string) =>
    app.request(TELEGRAM_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== undefined && { 'X-Telegram-Bot-Api-Secret-Token': secret }) },
      body: JSON.stringify(body),
    });

  it('answers 401 to a missing or wrong secret and handles nothing', async () => {
    expect((await post(update(800001))).status).toBe(401);
    expect((await post(update(800001), 'wrong-secret')).status).toBe(401);
    await w.channel.idle();
    expect(await w.user(731008).unread()).toEqual([]);
  });

  it('handles an update with the right secret once, also when Telegram re-delivers it after a restart', async () => {
    const user = w.user(731008);
    expect((await post(update(800002), SECRET)).status).toBe(200);
    expect(user.text(await user.replies())).toContain('使用说明');
    expect((await post(update(800002), SECRET)).status).toBe(200);
    await w.restart();
    expect((await post(update(800002), SECRET)).status).toBe(200);
    await w.channel.idle();
    expect(await user.unread()).toEqual([]);
  });
});
