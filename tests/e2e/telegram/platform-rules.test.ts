import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_WEBHOOK_PATH } from '../../../bot/telegram/index.js';
import type { Inbound, Outbound } from '../../../domain/index.js';
import { phonePhoto } from '../../support/images.js';
import { startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

/** Telegram as the Bot API defines it, through the real grammY pipeline (emulator + gateway). */
describe('Telegram: button presses during a slow step', () => {
  let w: TelegramWorld;
  const seen: Inbound[] = [];
  const long = `c:${'ZZ-2026-000123:'.repeat(6)}`; // 91 bytes: over callback_data's 64

  beforeAll(async () => {
    w = await startTelegramWorld('sqlite', undefined, {
      channel: {
        handler: {
          async handle(inbound: Inbound): Promise<Outbound[]> {
            seen.push(inbound);
            if (inbound.kind === 'text' && inbound.text === '慢') await new Promise((r) => setTimeout(r, 1_500));
            return [{ kind: 'text', text: `收到 ${inbound.kind}`, choices: [[{ label: '查看案件', value: long }]] }];
          },
        },
      },
    });
  });
  afterAll(async () => w?.stop());

  it('answers the callback query at once, before the queued slow step finishes', async () => {
    const u = w.user(732001);
    await u.say('开始');
    await u.send({ text: '慢' }, false);
    await new Promise((r) => setTimeout(r, 200));
    const pressedAt = Date.now();
    await u.press('c:');
    const answered = w.gateway.calls.find((c) => c.method === 'answerCallbackQuery' && c.at >= pressedAt);
    const slowReply = w.gateway.calls.find((c) => c.method === 'sendMessage' && c.at >= pressedAt);
    expect(answered).toBeDefined();
    expect(answered!.at).toBeLessThan(slowReply!.at);
    expect(answered!.at - pressedAt).toBeLessThan(1_000);
  });

  it('keeps every callback_data within 64 bytes and maps the press back to the full value', async () => {
    const u = w.user(732002);
    await u.say('开始');
    const data = u.last[0]!.buttons[0]!.value;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data).not.toBe(long);
    await u.press(data);
    expect(seen.at(-1)).toMatchObject({ kind: 'choice', value: long });
  });

  it('a shortened button shown before a restart still works after it (the token is in the store, not in memory)', async () => {
    const u = w.user(732004);
    await u.say('开始');
    const data = u.last[0]!.buttons[0]!.value;
    expect(data).not.toBe(long);
    await w.restart();
    await u.press(data);
    expect(seen.at(-1)).toMatchObject({ chat: 'tg:732004', kind: 'choice', value: long });
  });

  it('splits a long reply with emoji without cutting one', async () => {
    const u = w.user(732003);
    const text = '⚠️🔥隐患'.repeat(1200); // 7200 UTF-16 units
    const sent = w.gateway.calls.length;
    await w.channel.chatPort.send('tg:732003', [{ kind: 'text', text }]);
    const parts = w.gateway.calls.slice(sent).filter((c) => c.method === 'sendMessage').map((c) => String(c.body.text));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(text);
    expect(parts.some((p) => /[\uD800-\uDBFF]$/.test(p) || /^[\uDC00-\uDFFF]/.test(p))).toBe(false);
    await u.unread();
  });
});

describe('Telegram: an image sent as a file keeps its EXIF on Telegram, and loses it here', () => {
  let w: TelegramWorld;
  beforeAll(async () => {
    w = await startTelegramWorld('sqlite');
  });
  afterAll(async () => w?.stop());

  it('stores the photo of a report without EXIF or GPS', async () => {
    const worker = w.user(732010);
    await worker.say('/report');
    await worker.press('r:noent');
    await worker.say('车间配电箱门损坏，内部线路裸露');
    expect(worker.text()).toContain('请发送现场照片');
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const file = w.gateway.hostFile(original);
    await worker.send({ document: { ...file, file_name: 'IMG_2031.JPG', mime_type: 'image/jpeg' } });
    expect(worker.text()).toContain('已收到1张照片');
    await worker.press('r:photos_done');
    await worker.press('r:loc_skip');
    await worker.press('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())?.[0];
    const c = await w.stores.cases.getByNumber(number!);
    expect(c!.beforePhotos).toHaveLength(1);
    const stored = await w.stores.media.get(c!.beforePhotos[0]!.id);
    const meta = await sharp(Buffer.from(stored!.data)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(stored!.data).includes(Buffer.from('TestPhone'))).toBe(false);
  });
});

describe('Telegram webhook: old buttons and late failures', () => {
  let w: TelegramWorld;
  const SECRET = 'platform-rules_secret';
  const app = new Hono();
  app.post(TELEGRAM_WEBHOOK_PATH, (c) => w.channel.webhookRoute!(c));
  const seen: Inbound[] = [];

  beforeAll(async () => {
    w = await startTelegramWorld('sqlite', undefined, {
      channel: {
        webhook: { url: `https://bot.example.org${TELEGRAM_WEBHOOK_PATH}`, secret: SECRET },
        webhookTimeoutMs: 100,
        handler: {
          async handle(inbound: Inbound): Promise<Outbound[]> {
            seen.push(inbound);
            if (inbound.kind === 'text' && inbound.text === '坏') {
              await new Promise((r) => setTimeout(r, 300));
              throw new Error('storage exploded after the timeout');
            }
            return [{ kind: 'text', text: '好的' }];
          },
        },
      },
    });
  });
  afterAll(async () => w?.stop());

  const post = (body: unknown) =>
    app.request(TELEGRAM_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(body),
    });
  const chat = { id: 732020, type: 'private', first_name: '老王' };
  const from = { id: 732020, is_bot: false, first_name: '老王' };

  it('takes a press on a message too old to access (date 0) as a choice in its chat', async () => {
    const res = await post({
      update_id: 9_100_001,
      callback_query: { id: 'cbq-old-1', from, chat_instance: 'ci-1', data: 'c:ZZ-2026-000001', message: { chat, message_id: 17, date: 0 } },
    });
    expect(res.status).toBe(200);
    // This world answers the webhook after 100 ms; the step itself may still be on its way.
    for (let i = 0; i < 100 && seen.at(-1)?.kind !== 'choice'; i++) await new Promise((r) => setTimeout(r, 20));
    await w.channel.idle();
    expect(seen.at(-1)).toMatchObject({ chat: 'tg:732020', kind: 'choice', value: 'c:ZZ-2026-000001' });
    expect(w.gateway.calls.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === 'cbq-old-1')).toBe(true);
  });

  it('logs a step that fails after the webhook already answered', async () => {
    const res = await post({ update_id: 9_100_002, message: { message_id: 18, date: Math.floor(Date.now() / 1000), chat, from, text: '坏' } });
    expect(res.status).toBe(200);
    for (let i = 0; i < 50 && !w.logs.lines.some((e) => /after the webhook had answered/.test(String(e.msg))); i++) await new Promise((r) => setTimeout(r, 20));
    const line = w.logs.lines.find((e) => /after the webhook had answered/.test(String(e.msg)));
    expect(line).toMatchObject({ updateId: 9_100_002, err: expect.stringContaining('storage exploded') });
  });
});
