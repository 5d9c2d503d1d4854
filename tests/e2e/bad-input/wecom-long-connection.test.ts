import { createCipheriv, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAiBotAdapter, type AiBotAdapter } from '../../../bot/wecom/aibot/adapter.js';
import type { Stores } from '../../../domain/index.js';
import { createConversationHandler } from '../../../handlers/index.js';
import { openMongoStores } from '../../../stores/mongo/index.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { memoryLogger } from '../../support/app-harness.js';
import { handlerDeps } from '../../support/handler-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';

const mongoUri = serviceUrl('MONGODB_URI');
const kinds = (mongoUri ? ['sqlite', 'mongo'] : ['sqlite']) as Array<'sqlite' | 'mongo'>;
const MEDIA_HOST = 'img.qpic.cn';

interface Frame {
  cmd?: string;
  headers?: { req_id?: string };
  body?: { msgtype?: string; stream?: { content?: string; finish?: boolean } };
}

/**
 * A WeCom long-connection server ([长连接] frames: `{cmd, headers:{req_id}, body}`): acks every client
 * frame, pushes raw frames (malformed ones too) and records what the bot sends back.
 */
async function fakeServer() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const received: Frame[] = [];
  let socket: WebSocket | undefined;
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      received.push(f);
      ws.send(JSON.stringify({ headers: { req_id: f.headers?.req_id }, errcode: 0, errmsg: 'ok' }));
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    /** A string goes out as it is (not JSON at all); anything else as JSON. */
    push: (frame: unknown) => socket!.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** Every finished stream reply to one pushed req_id, as the user reads it. */
    replyTo: (reqId: string) => received.filter((f) => f.headers?.req_id === reqId && f.body?.stream?.finish).map((f) => f.body!.stream!.content ?? ''),
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

/** The platform's file encryption ([长连接] file decryption): AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32-byte blocks. */
function encrypt(plain: Buffer, aeskey: string): Buffer {
  const key = Buffer.from(aeskey, 'base64');
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]);
}
const newKey = () => randomBytes(32).toString('base64');

let seq = 0;
const message = (body: Record<string, unknown>, user = 'zhangsan') => ({
  cmd: 'aibot_msg_callback',
  headers: { req_id: `REQ-${++seq}` },
  body: { msgid: `m-${seq}-${Math.random()}`, aibotid: 'bot1', chattype: 'single', from: { userid: user }, ...body },
});

describe.each(kinds)('WeCom long connection bad input on %s', (kind) => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  let bot: AiBotAdapter;
  let stores: Stores & { close(): Promise<void> };
  let drop = async () => undefined as unknown;
  const logs = memoryLogger();
  let unmatched: string[] = [];

  beforeAll(async () => {
    server = await fakeServer();
    if (kind === 'mongo') {
      const s = await openMongoStores({ uri: mongoUri!, dbName: `wsbad${randomBytes(4).toString('hex')}` });
      stores = s;
      drop = () => s.db.dropDatabase();
    } else stores = await openSqliteStores({ file: ':memory:' });
    const handler = createConversationHandler(handlerDeps(stores));
    bot = createAiBotAdapter({
      botId: 'bot1', secret: 'good', wsUrl: server.url, handler, logger: logs.log, media: stores.media,
      mediaHosts: ['qpic.cn'], maxMediaBytes: 1024 * 1024, mediaTimeoutMs: 400,
      connection: { heartbeatInterval: 60_000, reconnectInterval: 100 },
      thinking: { afterMs: 60_000, text: '…' },
    });
    bot.start();
    for (let i = 0; i < 100 && !bot.isConnected(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(bot.isConnected()).toBe(true);
    nock.disableNetConnect();
    nock.emitter.on('no match', (req: { hostname?: string; host?: string }) => unmatched.push(String(req.hostname ?? req.host)));
  });
  afterEach(() => {
    nock.cleanAll();
    unmatched = [];
  });
  afterAll(async () => {
    nock.enableNetConnect();
    nock.emitter.removeAllListeners('no match');
    await bot?.stop();
    await server?.close();
    await drop();
    await stores?.close();
  });

  const send = async (frame: ReturnType<typeof message> | Record<string, unknown>) => {
    const before = server.received.length;
    server.push(frame);
    await new Promise((r) => setTimeout(r, 150));
    await bot.idle();
    return server.received.slice(before).filter((f) => f.cmd !== 'ping');
  };

  it.each([
    ['no headers at all', { cmd: 'aibot_msg_callback', body: { msgid: 'x1', msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['empty headers', { cmd: 'aibot_msg_callback', headers: {}, body: { msgid: 'x2', msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['an empty req_id', { cmd: 'aibot_msg_callback', headers: { req_id: '' }, body: { msgid: 'x3', msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['a numeric req_id', { cmd: 'aibot_msg_callback', headers: { req_id: 42 }, body: { msgid: 'x4', msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['a 1,000-character req_id', { cmd: 'aibot_msg_callback', headers: { req_id: 'r'.repeat(1000) }, body: { msgid: 'x5', msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['no sender', { cmd: 'aibot_msg_callback', headers: { req_id: 'R-ns' }, body: { msgid: 'x6', msgtype: 'text', text: { content: '你好' } } }],
    ['no msgid', { cmd: 'aibot_msg_callback', headers: { req_id: 'R-nm' }, body: { msgtype: 'text', from: { userid: 'u' }, text: { content: '你好' } } }],
    ['a card click without req_id', { cmd: 'aibot_event_callback', body: { msgid: 'x8', msgtype: 'event', from: { userid: 'u' }, event: { eventtype: 'template_card_event', event_key: 'm:report' } } }],
  ])('refuses a frame with %s: nothing is sent, nothing is stored, the problem is logged', async (_what, frame) => {
    const before = logs.lines.length;
    expect(await send(frame)).toEqual([]);
    expect(await stores.dialogs.get('wecombot:u')).toBeNull();
    expect(logs.lines.slice(before).some((l) => l.msg === 'WeCom bot frame refused')).toBe(true);
  });

  it('answers a 5 MB text frame with the limit and handles nothing', async () => {
    const frame = message({ msgtype: 'text', text: { content: '险'.repeat(5 * 1024 * 1024) } }, 'big-sender');
    await send(frame);
    // 5 MB take a moment on the wire: wait for the answer itself.
    for (let i = 0; i < 100 && server.replyTo(frame.headers.req_id).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('消息太长');
    expect(await stores.dialogs.get('wecombot:big-sender')).toBeNull();
  });

  it('answers a mixed message of 500 items with the limit', async () => {
    const items = Array.from({ length: 500 }, () => ({ msgtype: 'text', text: { content: '一' } }));
    const frame = message({ msgtype: 'mixed', mixed: { msg_item: items } }, 'mixed-sender');
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('消息太长');
  });

  it.each([
    ['plain http', `http://${MEDIA_HOST}/a.jpg`],
    ['a file: URL', 'file:///etc/passwd'],
    ['loopback', 'https://127.0.0.1/a.jpg'],
    ['localhost', 'https://localhost/a.jpg'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private range', 'https://10.0.0.8/a.jpg'],
    ['an IPv6 loopback', 'https://[::1]/a.jpg'],
    ['a host outside the allow-list', 'https://evil.example.com/a.jpg'],
    ['an allowed name used as a prefix', `https://${MEDIA_HOST}.evil.example.com/a.jpg`],
    ['credentials in the URL', `https://user:pw@${MEDIA_HOST}/a.jpg`],
    ['another port', `https://${MEDIA_HOST}:8443/a.jpg`],
    ['not a URL at all', 'javascript:alert(1)'],
  ])('never fetches an image URL with %s, and says the image could not be fetched', async (_what, url) => {
    const frame = message({ msgtype: 'image', image: { url, aeskey: newKey() } }, `img-${seq}`);
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('无法获取这张图片');
    expect(unmatched).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['too short', 'c2hvcnQ='],
    ['not base64', '!'.repeat(43)],
    ['16 bytes instead of 32', randomBytes(16).toString('base64')],
  ])('refuses an image whose aeskey is %s before downloading it', async (_what, aeskey) => {
    const scope = nock(`https://${MEDIA_HOST}`).get('/k.jpg').reply(200, Buffer.alloc(64));
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/k.jpg`, ...(aeskey && { aeskey }) } }, `key-${seq}`);
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('无法获取这张图片');
    expect(scope.isDone()).toBe(false);
  });

  it('stops reading an image past the size cap', async () => {
    nock(`https://${MEDIA_HOST}`).get('/big.jpg').reply(200, Buffer.alloc(2 * 1024 * 1024));
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/big.jpg`, aeskey: newKey() } }, 'cap-sender');
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('无法获取这张图片');
    expect(await stores.media.get('0'.repeat(64))).toBeNull();
  });

  it('gives up on a media host that does not answer in time', async () => {
    nock(`https://${MEDIA_HOST}`).get('/slow.jpg').delay(2000).reply(200, Buffer.alloc(64));
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/slow.jpg`, aeskey: newKey() } }, 'slow-sender');
    const started = Date.now();
    await send(frame);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('无法获取这张图片');
  });

  it('refuses a redirect away from the media host', async () => {
    nock(`https://${MEDIA_HOST}`).get('/moved.jpg').reply(302, '', { location: 'http://169.254.169.254/latest/meta-data/' });
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/moved.jpg`, aeskey: newKey() } }, 'redirect-sender');
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('无法获取这张图片');
    expect(unmatched).toEqual([]);
  });

  it.each<[string, () => Record<string, unknown>, string]>([
    ['a video', () => ({ msgtype: 'video', video: { url: `https://${MEDIA_HOST}/v.mp4`, aeskey: newKey() } }), '暂不支持这类消息'],
    ['a file', () => ({ msgtype: 'file', file: { url: `https://${MEDIA_HOST}/f.pdf`, aeskey: newKey() } }), '暂不支持这类消息'],
    ['a message type that does not exist', () => ({ msgtype: 'sticker', sticker: { id: 'x' } }), '暂不支持这类消息'],
    ['text of zero-width characters only', () => ({ msgtype: 'text', text: { content: '\u200B\u200B\uFEFF' } }), '这条消息是空的'],
    ['text of control characters only', () => ({ msgtype: 'text', text: { content: '\u0000\u0007\u001B' } }), '这条消息是空的'],
    ['text whose content is an object', () => ({ msgtype: 'text', text: { content: { $gt: '' } } }), '这条消息是空的'],
    ['text with no text part', () => ({ msgtype: 'text' }), '这条消息是空的'],
    ['voice with no transcription', () => ({ msgtype: 'voice', voice: {} }), '这条消息是空的'],
    ['a mixed message whose text items are numbers', () => ({ msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: 42 } }] } }), '这条消息是空的'],
    ['a mixed message with no items', () => ({ msgtype: 'mixed', mixed: { msg_item: [] } }), '这条消息是空的'],
  ])('answers %s clearly and keeps no dialog', async (_what, body, words) => {
    const user = `odd-${seq + 1}`;
    const frame = message(body(), user);
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain(words);
    expect(await stores.dialogs.get(`wecombot:${user}`)).toBeNull();
    expect(unmatched).toEqual([]); // nothing was fetched for it
  });

  it.each<[string, (aeskey: string) => Promise<[number, Buffer]>, string]>([
    ['encrypted with another key', async () => [200, encrypt(await phonePhoto(), newKey())], '无法获取这张图片'],
    ['answered with 404', async () => [404, Buffer.from('not found')], '无法获取这张图片'],
    ['with an empty body', async () => [200, Buffer.alloc(0)], '无法获取这张图片'],
    ['that is a text file, properly encrypted', async (aeskey) => [200, encrypt(Buffer.from('这不是图片，是一段文字。'), aeskey)], '不是可识别的图片'],
  ])('stores nothing for an image %s, and says so', async (_what, reply, words) => {
    const aeskey = newKey();
    const [status, body] = await reply(aeskey);
    nock(`https://${MEDIA_HOST}`).get('/odd.jpg').reply(status, body);
    const user = `odd-img-${seq + 1}`;
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/odd.jpg`, aeskey } }, user);
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain(words);
    expect(JSON.stringify(await stores.dialogs.get(`wecombot:${user}`))).not.toMatch(/[0-9a-f]{64}/); // no photo kept
  });

  it('answers a mixed message of 12 images once, with the photo limit', async () => {
    const aeskey = newKey();
    const photo = encrypt(await phonePhoto(), aeskey);
    nock(`https://${MEDIA_HOST}`).get(/\/many-\d+\.jpg/).times(12).reply(200, photo);
    const items = Array.from({ length: 12 }, (_, i) => ({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/many-${i}.jpg`, aeskey } }));
    const frame = message({ msgtype: 'mixed', mixed: { msg_item: items } }, 'many-sender');
    await send(frame);
    const replies = server.replyTo(frame.headers.req_id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('最多9张');
  });

  it.each([
    ['not JSON at all', 'hello there'],
    ['a JSON array', [1, 2, 3]],
    ['JSON null', null],
    ['a command nobody knows', { cmd: 'aibot_unknown', headers: { req_id: 'R-unk' }, body: { msgid: 'u1', from: { userid: 'u' } } }],
  ])('survives a frame that is %s: nothing is sent, and the next message is answered', async (_what, frame) => {
    expect(await send(frame as Record<string, unknown>)).toEqual([]);
    const next = message({ msgtype: 'text', text: { content: '/help' } }, 'after-odd');
    await send(next);
    expect(server.replyTo(next.headers.req_id).join('')).toContain('使用说明');
  });

  it('takes a good image from an allowed host with its key, decrypted and stored', async () => {
    const aeskey = newKey();
    nock(`https://${MEDIA_HOST}`).get('/ok.jpg').reply(200, encrypt(await phonePhoto(), aeskey));
    const frame = message({ msgtype: 'image', image: { url: `https://${MEDIA_HOST}/ok.jpg`, aeskey } }, 'good-sender');
    await send(frame);
    expect(server.replyTo(frame.headers.req_id).join('')).toContain('已收到1张照片');
    const photoId = /[0-9a-f]{64}/.exec(JSON.stringify(await stores.dialogs.get('wecombot:good-sender')))?.[0];
    expect(await stores.media.get(photoId!)).not.toBeNull();
  });
});
