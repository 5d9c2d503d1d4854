import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_WEBHOOK_PATH } from '../../../bot/telegram/index.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

const SECRET = 'bad-input_secret_2026';
const mongoUri = serviceUrl('MONGODB_URI');
const kinds = (mongoUri ? ['sqlite', 'mongo'] : ['sqlite']) as Array<'sqlite' | 'mongo'>;
const CHAT = 731500;
/** 42 frames of 1000 × 1000 (42 MP together, over the 40 MP default), black and white in turn; built once. */
let gifOnce: Promise<Buffer> | undefined;
const bigGif = () =>
  (gifOnce ??= (() => {
    const [width, height, frames] = [1000, 1000, 42];
    const strip = Buffer.alloc(width * height * frames);
    for (let i = 0; i < frames; i += 2) strip.fill(255, i * width * height, (i + 1) * width * height);
    return sharp(strip, { raw: { width, height: height * frames, channels: 1, pageHeight: height } }).gif({ effort: 1, colours: 2, dither: 0 }).toBuffer();
  })());
const now = () => Math.floor(Date.now() / 1000);
const msg = (extra: Record<string, unknown>) => ({ message_id: 1, date: now(), chat: { id: CHAT, type: 'private' }, from: { id: CHAT, is_bot: false, first_name: 'T' }, ...extra });

/**
 * Updates that break the Bot API's schema (core.telegram.org/bots/api › Update, Message): each is
 * acknowledged with 200 (a 500 makes Telegram re-deliver it forever), answered by nobody, logged by id.
 */
const malformed: Array<[string, Record<string, unknown>]> = [
  ['a message without chat', { message: { message_id: 1, date: now(), text: 'hi' } }],
  ['a chat without id', { message: { ...msg({ text: 'hi' }), chat: { type: 'private' } } }],
  ['a chat id that is a string', { message: { ...msg({ text: 'hi' }), chat: { id: 'abc', type: 'private' } } }],
  ['a message without message_id', { message: { date: now(), chat: { id: CHAT, type: 'private' }, text: 'hi' } }],
  ['text that is a number', { message: msg({ text: 12345 }) }],
  ['text that is an object', { message: msg({ text: { evil: true } }) }],
  ['photo that is not an array', { message: msg({ photo: 'AgAD' }) }],
  ['a photo size without file_id', { message: msg({ photo: [{ width: 10, height: 10 }] }) }],
  ['entities with a negative offset', { message: msg({ text: '/help', entities: [{ type: 'bot_command', offset: -1, length: 5 }] }) }],
  ['a location off the globe', { message: msg({ location: { latitude: 999, longitude: 0 } }) }],
  ['a from without id', { message: { ...msg({ text: 'hi' }), from: { first_name: 'x' } } }],
  ['a callback without from', { callback_query: { id: 'q1', data: 'm:report', chat_instance: '1' } }],
  ['a callback whose message has no chat', { callback_query: { id: 'q2', from: { id: CHAT, is_bot: false, first_name: 'T' }, data: 'm:report', message: { message_id: 3, date: 0 } } }],
  ['an edited message without chat', { edited_message: { message_id: 1, date: now(), text: 'x' } }],
  ['a channel post without chat', { channel_post: { message_id: 1, date: now(), text: 'x' } }],
  ['a media_group_id of 10 KB', { message: msg({ media_group_id: 'g'.repeat(10_000), photo: [{ file_id: 'a', file_unique_id: 'a', width: 1, height: 1 }] }) }],
  ['a document without file_id', { message: msg({ document: { file_name: 'a.jpg', mime_type: 'image/jpeg' } }) }],
  ['a caption that is an object', { message: msg({ photo: [{ file_id: 'a', file_unique_id: 'a', width: 1, height: 1 }], caption: { evil: true } }) }],
  ['callback data that is a number', { callback_query: { id: 'q4', from: { id: CHAT, is_bot: false, first_name: 'T' }, chat_instance: '1', data: 12345 } }],
  ['a chat that is an array', { message: { ...msg({ text: 'hi' }), chat: [CHAT] } }],
];

/** Shapes the Bot API allows (optional fields absent, kinds the bot does not handle): 200 and no crash. */
const allowed: Array<[string, Record<string, unknown>]> = [
  ['a message without from (a channel)', { message: { message_id: 2, date: now(), chat: { id: -100123, type: 'channel' }, text: 'x' } }],
  ['a callback without data (a game button)', { callback_query: { id: 'q3', from: { id: CHAT, is_bot: false, first_name: 'T' }, chat_instance: '1', game_short_name: 'g' } }],
  ['an inline query', { inline_query: { id: 'i1', from: { id: CHAT, is_bot: false, first_name: 'T' }, query: 'x', offset: '' } }],
  ['a chat member update', { my_chat_member: { chat: { id: CHAT, type: 'private' }, from: { id: CHAT, is_bot: false, first_name: 'T' }, date: now() } }],
  ['an empty update', {}],
  ['a sticker', { message: msg({ sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }) }],
  ['a voice message', { message: msg({ voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } }) }],
  ['a poll', { message: msg({ poll: { id: 'p', question: '?', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } }) }],
  ['a dice', { message: msg({ dice: { emoji: '🎲', value: 3 } }) }],
  ['a venue', { message: msg({ venue: { location: { latitude: 35.5, longitude: 112.8 }, title: '厂区', address: '南村镇' } }) }],
  ['a member joining a group', { message: { ...msg({ new_chat_members: [{ id: 5, is_bot: false, first_name: 'N' }] }), chat: { id: -100200, type: 'supergroup', title: 'g' } } }],
  ['a reaction', { message_reaction: { chat: { id: CHAT, type: 'private' }, message_id: 1, date: now(), old_reaction: [], new_reaction: [{ type: 'emoji', emoji: '👍' }] } }],
  ['a join request', { chat_join_request: { chat: { id: -100200, type: 'supergroup', title: 'g' }, from: { id: CHAT, is_bot: false, first_name: 'T' }, user_chat_id: CHAT, date: now() } }],
  ['a poll answer', { poll_answer: { poll_id: 'p', user: { id: CHAT, is_bot: false, first_name: 'T' }, option_ids: [0] } }],
];

describe.each(kinds)('Telegram bad input on %s', (kind) => {
  let w: TelegramWorld;
  const app = new Hono();
  app.post(TELEGRAM_WEBHOOK_PATH, (c) => w.channel.webhookRoute!(c));
  let updateId = 900_000;
  const post = (body: Record<string, unknown>) =>
    app.request(TELEGRAM_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify({ update_id: ++updateId, ...body }),
    });

  beforeAll(async () => {
    w = await startTelegramWorld(kind, mongoUri, { channel: { webhook: { url: `https://bot.example.org${TELEGRAM_WEBHOOK_PATH}`, secret: SECRET } } });
  });
  afterAll(async () => w?.stop());

  it.each(malformed)('acknowledges %s with 200, answers nothing and logs only its id', async (_what, body) => {
    const before = w.logs.lines.length;
    const res = await post(body);
    expect(res.status).toBe(200);
    await w.channel.idle();
    expect(await w.user(CHAT).unread()).toEqual([]);
    const logged = w.logs.lines.slice(before);
    expect(logged.some((l) => l.msg === 'telegram update malformed; dropped' && l.updateId === updateId)).toBe(true);
    expect(JSON.stringify(logged)).not.toContain('"hi"');
    expect(await w.stores.dialogs.get(`tg:${CHAT}`)).toBeNull();
  });

  it.each(allowed)('takes %s without an error', async (_what, body) => {
    const before = w.logs.lines.length;
    expect((await post(body)).status).toBe(200);
    await w.channel.idle();
    expect(w.logs.lines.slice(before).filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('refuses 1 MB of text early with the limit, through the real update pipeline', async () => {
    const user = w.user(CHAT + 1);
    expect((await post({ message: { ...msg({ text: '隐'.repeat(1024 * 1024) }), chat: { id: CHAT + 1, type: 'private' } } })).status).toBe(200);
    expect(user.text(await user.replies())).toContain('消息太长（1048576字，上限10000字）');
    expect(await w.stores.dialogs.get(`tg:${CHAT + 1}`)).toBeNull();
  });
});

/** The same pipeline in polling mode, driven by a Telegram client on the emulator. */
describe.each(kinds)('Telegram bad input from a client on %s', (kind) => {
  let w: TelegramWorld;
  beforeAll(async () => {
    w = await startTelegramWorld(kind, mongoUri);
  });
  afterAll(async () => w?.stop());

  it.each([['\u200B\u200B'], ['\uFEFF'], ['\u2060\u200D'], ['\u3000 \u3000']])('treats invisible-only text %j as empty', async (text) => {
    const user = w.user(CHAT + 2);
    await user.say(text);
    expect(user.text()).toContain('这条消息是空的');
  });

  it.each([
    ['a sticker', { sticker: { file_id: 's1', file_unique_id: 's1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }],
    ['a voice message', { voice: { file_id: 'v1', file_unique_id: 'v1', duration: 3 } }],
    ['a video', { video: { file_id: 'vd1', file_unique_id: 'vd1', width: 10, height: 10, duration: 1 } }],
  ])('answers %s with what it can take instead', async (_what, extra) => {
    const user = w.user(CHAT + 10 + Object.keys(extra)[0]!.length);
    await user.send(extra);
    expect(user.text()).toContain('暂不支持这类消息');
  });

  it('answers a shared contact as unsupported and keeps its phone number nowhere', async () => {
    const user = w.user(CHAT + 20);
    await user.send({ contact: { phone_number: '+8613912345678', first_name: '王', user_id: CHAT + 20 } });
    expect(user.text()).toContain('暂不支持这类消息');
    expect(await w.dump()).not.toContain('13912345678');
    expect(JSON.stringify(w.logs.lines)).not.toContain('13912345678');
  });

  it('names a photo Telegram cannot deliver, keeps the draft, and stores nothing', async () => {
    const user = w.user(CHAT + 3);
    await user.say('/report');
    await user.press(user.button('r:noent'));
    await user.say('熔炼炉旁积水');
    await user.send({ photo: [{ file_id: 'gone-file', file_unique_id: 'u-gone', width: 800, height: 600, file_size: 1000 }] });
    expect(user.text()).toContain('这张照片无法从 Telegram 取回');
    await user.press('r:photos_done');
    expect(user.text()).toContain('请发送隐患位置'); // the draft moved on: nothing was lost
  });

  it('refuses an animated GIF sent as a file whose frames pass the pixel limit', { timeout: 60_000 }, async () => {
    const user = w.user(CHAT + 4);
    const file = w.gateway.hostFile(await bigGif());
    await user.send({ document: { ...file, file_name: 'loop.gif', mime_type: 'image/gif' } });
    expect(user.text()).toContain('图片尺寸或动图帧数过大');
  });

  it('answers an album of 30 photos once: 9 kept, the rest named as not saved', async () => {
    const user = w.user(CHAT + 5);
    const jpg = await phonePhoto();
    for (let i = 0; i < 30; i++) await user.send({ media_group_id: `album-${kind}`, photo: [w.gateway.hostFile(jpg)] }, false);
    await user.replies();
    expect(user.last.filter((m) => m.text.includes('最多只能上传9张照片'))).toHaveLength(1);
  });
});
