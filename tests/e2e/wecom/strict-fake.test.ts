import { WSClient, generateReqId, type TemplateCard, type WsFrame } from '@wecom/aibot-node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeWeComServer } from '../../support/fake-wecom-ws.js';

/**
 * The strict fake refuses what WeCom documents as refused. The frames the code sent before issue 13
 * (old chosenCard, stream + card, msg_item) are sent here with the official SDK and must be refused,
 * so a regression to them fails.
 */
let server: FakeWeComServer;
const clients: WSClient[] = [];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function client(): WSClient {
  const c = new WSClient({ botId: 'bot-test', secret: server.secret, wsUrl: server.url, heartbeatInterval: 60_000, logger: silent, maxReconnectAttempts: 0 });
  clients.push(c);
  return c;
}

async function connected(c: WSClient): Promise<WSClient> {
  await new Promise<void>((resolve) => {
    c.once('authenticated', () => resolve());
    c.connect();
  });
  return c;
}

/** Pushes a message and returns the frame the client received for it. */
async function inbound(c: WSClient, push: () => string): Promise<WsFrame> {
  const got = new Promise<WsFrame>((resolve) => c.once('message', resolve));
  push();
  return got;
}

/** A bare WebSocket speaking the frames directly, for frames the SDK would never send. */
async function rawConnection() {
  const ws = new WebSocket(server.url);
  await new Promise((resolve) => ws.once('open', resolve));
  let seq = 0;
  const send = (cmd: string, body: unknown) =>
    new Promise<{ errcode: number; body?: unknown }>((resolve) => {
      const reqId = `${cmd}_${++seq}`;
      const onMessage = (data: Buffer) => {
        const ack = JSON.parse(String(data)) as { headers?: { req_id?: string }; errcode: number; body?: unknown };
        if (ack.headers?.req_id !== reqId) return;
        ws.off('message', onMessage);
        resolve(ack);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    });
  expect((await send('aibot_subscribe', { bot_id: 'bot-test', secret: server.secret })).errcode).toBe(0);
  return { send, close: () => ws.close() };
}

const errcodeOf = async (p: Promise<unknown>) => ((await p.then(() => ({ errcode: 0 }), (e: { errcode?: number }) => e)) as { errcode?: number }).errcode;

beforeEach(async () => {
  server = await FakeWeComServer.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server.stop();
});

describe('the strict WeCom long-connection fake', () => {
  it('refuses the old card update: a text_notice without card_action ([卡片] text_notice必填 card_action)', async () => {
    const c = await connected(client());
    const taskId = 'c_test_1';
    const frame = await new Promise<WsFrame>((resolve) => {
      c.once('event.template_card_event', resolve);
      server.pushCardClick({ taskId, key: 'urgent' });
    });
    const oldShape = { card_type: 'text_notice', main_title: { title: '是否紧急？' }, sub_title_text: '✅ 紧急', task_id: taskId } as const;
    expect(await errcodeOf(c.updateTemplateCard(frame, oldShape))).toBe(40058);
    expect(server.refused.at(-1)?.reason).toMatch(/card_action/);
    // The same update with its card_action is accepted; one for another card's task_id is not.
    const frame2 = await new Promise<WsFrame>((resolve) => {
      c.once('event.template_card_event', resolve);
      server.pushCardClick({ taskId, key: 'urgent' });
    });
    expect(await errcodeOf(c.updateTemplateCard(frame2, { ...oldShape, card_action: { type: 1, url: 'https://zz.example/dashboard' } }))).toBe(0);
    const frame3 = await new Promise<WsFrame>((resolve) => {
      c.once('event.template_card_event', resolve);
      server.pushCardClick({ taskId, key: 'urgent' });
    });
    expect(await errcodeOf(c.updateTemplateCard(frame3, { ...oldShape, task_id: 'other', card_action: { type: 1, url: 'https://x.example' } }))).toBe(40058);
  });

  it('refuses stream + template card and msg_item on the long connection, and a second finish of a stream', async () => {
    const c = await connected(client());
    const card: TemplateCard = { card_type: 'button_interaction', main_title: { title: '请选择' }, button_list: [{ text: '是', key: 'y' }], task_id: 't1' };
    const m1 = await inbound(c, () => server.pushText('a'));
    expect(await errcodeOf(c.replyStreamWithCard(m1, generateReqId('stream'), '好', true, { templateCard: card }))).toBe(40058);
    const m2 = await inbound(c, () => server.pushText('b'));
    const image = { msgtype: 'image' as const, image: { base64: Buffer.from('x').toString('base64'), md5: '9dd4e461268c8034f5c8564e155c67a6' } };
    expect(await errcodeOf(c.replyStream(m2, generateReqId('stream'), '好', true, [image]))).toBe(40058);
    const m3 = await inbound(c, () => server.pushText('c'));
    const id = generateReqId('stream');
    expect(await errcodeOf(c.replyStream(m3, id, '第一段', false))).toBe(0);
    expect(server.unfinishedStreams()).toEqual([id]);
    expect(await errcodeOf(c.replyStream(m3, id, '完', true))).toBe(0);
    expect(await errcodeOf(c.replyStream(m3, id, '又一次', true))).toBe(846608);
    expect(server.unfinishedStreams()).toEqual([]);
  });

  it('enforces the documented byte limit and button count', async () => {
    const c = await connected(client());
    const m = await inbound(c, () => server.pushText('a'));
    expect(await errcodeOf(c.replyStream(m, generateReqId('stream'), '安'.repeat(6827), true))).toBe(40058); // 20481 bytes
    const seven = Array.from({ length: 7 }, (_, i) => ({ text: `选项${i}`, key: `k${i}` }));
    const m2 = await inbound(c, () => server.pushText('b'));
    expect(await errcodeOf(c.replyTemplateCard(m2, { card_type: 'button_interaction', main_title: { title: '选' }, button_list: seven, task_id: 't2' }))).toBe(40058);
  });

  it('refuses a push to a conversation that never messaged the bot, and accepts it afterwards', async () => {
    const c = await connected(client());
    const push = () => c.sendMessage('wangwu', { msgtype: 'markdown', markdown: { content: '提醒' } });
    expect(await errcodeOf(push())).toBe(93000);
    await inbound(c, () => server.pushText('你好', { from: 'wangwu' }));
    expect(await errcodeOf(push())).toBe(0);
  });

  it('refuses the 31st push in a minute to one conversation with 45009', async () => {
    const c = await connected(client());
    await inbound(c, () => server.pushText('你好', { from: 'lisi' }));
    for (let i = 0; i < 30; i++) expect(await errcodeOf(c.sendMessage('lisi', { msgtype: 'markdown', markdown: { content: `${i}` } }))).toBe(0);
    expect(await errcodeOf(c.sendMessage('lisi', { msgtype: 'markdown', markdown: { content: 'over' } }))).toBe(45009);
  });

  it('kicks the older connection when a second one for the same bot subscribes', async () => {
    const first = await connected(client());
    const kicked = new Promise<void>((resolve) => first.once('event.disconnected_event', () => resolve()));
    const second = await connected(client());
    await kicked;
    expect(server.authentications).toBe(2);
    // The kicked connection no longer answers for the bot; the newer one does.
    const m = await inbound(second, () => server.pushText('谁在线'));
    expect(await errcodeOf(second.replyStream(m, generateReqId('stream'), '我', true))).toBe(0);
  });

  it('takes media only as the SDK uploads it (chunks ≤ 512 KB, ≤ 100) and refuses a media_id never uploaded (40007)', async () => {
    const c = await connected(client());
    await inbound(c, () => server.pushText('你好', { from: 'lisi' }));
    expect(await errcodeOf(c.sendMediaMessage('lisi', 'image', 'never-uploaded'))).toBe(40007);
    const { media_id } = await c.uploadMedia(Buffer.alloc(1_200_000, 7), { type: 'image', filename: 'p.jpg' });
    expect(server.uploads.get(media_id)?.length).toBe(1_200_000);
    expect(await errcodeOf(c.sendMediaMessage('lisi', 'image', media_id))).toBe(0);
    // Frames the SDK never sends, sent raw: an oversized chunk and a finish with a chunk missing.
    c.disconnect();
    const raw = await rawConnection();
    const init = await raw.send('aibot_upload_media_init', { type: 'image', filename: 'x.jpg', total_size: 600_000, total_chunks: 2, md5: 'x' });
    const upload_id = (init.body as { upload_id: string }).upload_id;
    expect((await raw.send('aibot_upload_media_chunk', { upload_id, chunk_index: 0, base64_data: Buffer.alloc(512 * 1024 + 1).toString('base64') })).errcode).toBe(40058);
    expect((await raw.send('aibot_upload_media_init', { type: 'image', filename: 'x.jpg', total_size: 1, total_chunks: 101, md5: 'x' })).errcode).toBe(40058);
    expect((await raw.send('aibot_upload_media_finish', { upload_id })).errcode).toBe(40058);
    raw.close();
  });

  it('refuses a wrong secret', async () => {
    const c = new WSClient({ botId: 'bot-test', secret: 'wrong', wsUrl: server.url, logger: silent, maxReconnectAttempts: 0, maxAuthFailureAttempts: 0 });
    clients.push(c);
    const failed = new Promise<Error>((resolve) => c.once('error', resolve));
    c.connect();
    await failed;
    expect(server.refused.at(-1)).toMatchObject({ errcode: 40001 });
  });
});
