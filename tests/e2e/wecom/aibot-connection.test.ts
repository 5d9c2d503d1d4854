import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Outbound } from '../../../domain/index.js';
import { createAiBotAdapter, createWeComChatPort, type AiBotAdapter, type PhotoSource } from '../../../bot/wecom/index.js';
import { FakeWeComServer } from '../../support/fake-wecom-ws.js';

let server: FakeWeComServer;
let bot: AiBotAdapter;
let logs: { level: number; msg: string; [k: string]: unknown }[];
const handler = { handle: vi.fn(async (): Promise<Outbound[]> => [{ kind: 'text', text: '收到' }]) };
const jpeg = Buffer.from('\xff\xd8\xff\xe0 stored photo \xff\xd9', 'latin1');
const media: PhotoSource = {
  get: async (id) => (id === 'photo-1' ? { ref: { id, mime: 'image/jpeg', bytes: jpeg.length }, data: jpeg } : null),
};

async function waitFor(cond: () => boolean, ms = 3000) {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error('condition not reached in time');
  }
}

beforeEach(async () => {
  server = await FakeWeComServer.start();
  logs = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  bot = createAiBotAdapter({
    botId: 'bot-test',
    secret: server.secret,
    wsUrl: server.url,
    handler,
    media,
    logger,
    connection: { heartbeatInterval: 100, reconnectInterval: 30 },
  });
  bot.start();
  await server.waitForAuth();
  await waitFor(() => bot.isConnected());
});
afterEach(async () => {
  await bot.stop();
  await server.stop();
});

describe('long connection lifecycle', () => {
  it('authenticates with the bot id and secret and keeps the heartbeat going', async () => {
    const auth = server.frames.find((f) => f.cmd === 'aibot_subscribe');
    expect(auth?.body).toMatchObject({ bot_id: 'bot-test', secret: server.secret });
    await server.nextFrame((f) => f.cmd === 'ping');
    await server.nextFrame((f) => f.cmd === 'ping');
    expect(bot.health()).toEqual({ ok: true, state: 'online', lastError: undefined });
  });

  it('reconnects by itself after the server drops the socket, and answers again', async () => {
    server.dropConnection();
    await waitFor(() => bot.health().state === 'reconnecting');
    await server.waitForAuth();
    await waitFor(() => bot.isConnected());
    const reply = await server.nextReply(server.pushText('还在吗'));
    expect(reply.body.stream.content).toBe('收到');
  });

  it('reports being kicked by a newer connection, logs an error and stays offline', async () => {
    server.kick();
    await waitFor(() => bot.health().state === 'kicked');
    expect(bot.health().ok).toBe(false);
    expect(bot.isConnected()).toBe(false);
    expect(logs.some((l) => l.level >= 50 && /newer connection/.test(l.msg))).toBe(true);
    await expect(server.waitForAuth(300)).rejects.toThrow();
  });

  it('logs a refused reply (an errcode object, not an Error) and keeps serving', async () => {
    server.ackErrcode = (f) => (f.cmd === 'aibot_respond_msg' ? 846608 : 0);
    await server.nextReply(server.pushText('第一条'));
    await waitFor(() => logs.some((l) => l.level === 40 && String(l.err).includes('errcode 846608')));
    server.ackErrcode = () => 0;
    const reply = await server.nextReply(server.pushText('第二条'));
    expect(reply.body.stream.content).toBe('收到');
    expect(bot.health().ok).toBe(true);
  });

  it('never writes the secret into the logs', () => {
    expect(JSON.stringify(logs)).not.toContain(server.secret);
  });
});

describe('proactive sends through the ChatPort', () => {
  /** [长连接] pushes only reach conversations that messaged the bot first. */
  async function hear(opts: { from?: string; chatid?: string }) {
    await server.nextReply(server.pushText('你好', opts));
    await bot.idle();
  }

  it('pushes text, a button card and a stored photo to a person who messaged the bot', async () => {
    await hear({ from: 'lisi' });
    const port = createWeComChatPort({ aibot: bot });
    await port.send('wecombot:lisi', [
      { kind: 'text', text: '**整改提醒**：案件 ZZ-0012 明天到期' },
      { kind: 'text', text: '是否已完成整改？', choices: [[{ label: '已完成', value: 'done' }, { label: '申请延期', value: 'extend' }]] },
      { kind: 'photo', mediaId: 'photo-1' },
    ]);
    const text = await server.nextSend();
    const card = await server.nextSend();
    const image = await server.nextSend();
    expect(text.body).toEqual({ chatid: 'lisi', msgtype: 'markdown', markdown: { content: '**整改提醒**：案件 ZZ-0012 明天到期' } });
    expect(card.body).toMatchObject({ chatid: 'lisi', msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });
    expect(image.body.msgtype).toBe('image');
    expect(server.uploads.get(image.body.image.media_id)).toEqual(jpeg);
  });

  it('pushes into a group the bot is in', async () => {
    await hear({ chatid: 'wrTOWN', from: 'lisi' });
    await createWeComChatPort({ aibot: bot }).send('wecomgroup:wrTOWN', [{ kind: 'text', text: '北义城镇：本周检查安排' }]);
    expect((await server.nextSend()).body).toMatchObject({ chatid: 'wrTOWN', markdown: { content: '北义城镇：本周检查安排' } });
  });

  it('fails loudly when WeCom refuses the push, so the job can retry', async () => {
    await hear({ from: 'lisi' });
    server.ackErrcode = (f) => (f.cmd === 'aibot_send_msg' ? 45009 : 0);
    await expect(bot.send('wecombot:lisi', [{ kind: 'text', text: 'x' }])).rejects.toMatchObject({ name: 'WeComRateLimitError', errcode: 45009 });
  });

  it('does not push to someone who never messaged the bot: the port records them undeliverable instead', async () => {
    expect(await bot.reach('wecombot:wangwu')).toBe('never-messaged');
    const err = await createWeComChatPort({ aibot: bot }).send('wecombot:wangwu', [{ kind: 'text', text: 'x' }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UndeliverableError' });
    expect(server.frames.filter((f) => f.cmd === 'aibot_send_msg')).toEqual([]);
  });

  it('stops at 30 pushes a minute per conversation before WeCom has to refuse them', async () => {
    await hear({ from: 'lisi' });
    for (let i = 0; i < 30; i++) await bot.send('wecombot:lisi', [{ kind: 'text', text: `第${i + 1}条` }]);
    await expect(bot.send('wecombot:lisi', [{ kind: 'text', text: '第31条' }])).rejects.toMatchObject({ errcode: 45009 });
    expect(server.refused).toEqual([]);
  });
});
