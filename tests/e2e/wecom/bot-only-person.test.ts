import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOwner } from '../../../bot/wecom/chat-owner.js';
import { createWeComChannel, resolveWeComConfig, wecomConfigSchema, type WeComChannel } from '../../../bot/wecom/index.js';
import { systemClock, type Outbound } from '../../../domain/index.js';
import { undeliveredBlock } from '../../../dashboard/cases/undelivered.js';
import { createDelivery } from '../../../jobs/delivery.js';
import { createSqliteDeliveryLog } from '../../../stores/sqlite/jobs-deliveries.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { FakeWeComApi } from '../../support/fake-wecom-api.js';
import { FakeWeComServer, type ClientFrame } from '../../support/fake-wecom-ws.js';

/**
 * An official known only to the intelligent bot (`wecombot:`), whose conversation the bot cannot push to
 * ([长连接]: pushes only reach conversations that messaged the bot; here WeCom has no such conversation
 * and this process no record of one). With no group robot in their town the reminder is recorded undeliverable
 * and shown on the dashboard, and the official hears how to link the app next time they write; in a town with a
 * group robot, the robot carries it, addressed to them.
 */
describe('a bot-only official the bot cannot reach', () => {
  let server: FakeWeComServer;
  let api: FakeWeComApi;
  let channel: WeComChannel;
  let dir: string;
  let stores: Awaited<ReturnType<typeof openSqliteStores>>;
  const handler = { handle: async (): Promise<Outbound[]> => [{ kind: 'text', text: '收到' }] };
  const REMINDER = 'ZZ-2026-000001 整改期限明天到期';
  const reminder: Outbound[] = [{ kind: 'text', text: REMINDER }];

  beforeAll(async () => {
    server = await FakeWeComServer.start();
    api = await FakeWeComApi.start();
    api.hookKeys.add('hook-bagong');
    dir = mkdtempSync(join(tmpdir(), 'zz-botonly-'));
    stores = await openSqliteStores({ file: join(dir, 'db.sqlite'), mediaDir: join(dir, 'media') });
    await stores.identities.insert({ id: 'off-zhao', displayName: '赵六', role: 'town_official', townId: 'nancun', createdAt: new Date() });
    await stores.identities.bind('wecombot:zhaoliu', 'off-zhao');
    await stores.identities.insert({ id: 'off-qian', displayName: '钱七', role: 'town_official', townId: 'bagong', createdAt: new Date() });
    await stores.identities.bind('wecombot:qianqi', 'off-qian');
    const config = resolveWeComConfig(
      wecomConfigSchema.parse({
        WECOM_BOT_ID: 'bot-test',
        WECOM_BOT_SECRET: server.secret,
        WECOM_WS_URL: server.url,
        WECOM_API_BASE: api.base,
        WECOM_WEBHOOK_KEYS: 'bagong=hook-bagong',
      }),
    );
    channel = createWeComChannel(config, { handler, logger: pino({ level: 'silent' }), personOf: chatOwner(stores.identities) });
    channel.start();
    await server.waitForAuth();
    for (let i = 0; i < 200 && !channel.aibot!.isConnected(); i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => {
    await channel?.stop();
    await server?.stop();
    await api?.stop();
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Pushes WeCom accepted (refused ones are in server.refused). */
  const pushesTo = (chatid: string) =>
    server.frames.filter((f) => f.cmd === 'aibot_send_msg' && f.body.chatid === chatid && !server.refused.some((r) => r.frame === f));
  const textOf = (frames: ClientFrame[]) => frames.map((f) => f.body.stream?.content ?? f.body.markdown?.content ?? '').join('\n');

  it('records the reminder undeliverable once, with the reason on the dashboard, when their town has no group robot', async () => {
    const log = createSqliteDeliveryLog(stores.db);
    const delivery = createDelivery({ log, chat: channel.chatPort, clock: systemClock });
    expect(await delivery.deliverAll(['wecombot:zhaoliu'], 'case:c1', 'T-1', reminder)).toBe(0);
    // A retry of the job does not try again.
    expect(await delivery.deliver({ target: 'wecombot:zhaoliu', subject: 'case:c1', rung: 'T-1' }, reminder)).toBe('undeliverable');
    expect(pushesTo('zhaoliu')).toEqual([]);
    // Tried once (the chat is bound, so it wrote to the bot once), refused by WeCom, not tried again.
    expect(server.refused.filter((r) => r.frame.cmd === 'aibot_send_msg').map((r) => r.errcode)).toEqual([93000]);
    expect(api.hookMessages.size).toBe(0);
    expect(api.calls).toEqual([]);
    const block = String(await undeliveredBlock(log, 'c1'));
    expect(block).toContain('企业微信机器人 zhaoliu');
    expect(block).toContain('未关联企业微信应用');
    expect(block).toContain('/bind');
  });

  it('sends it through their town’s group robot, addressed to them, when the town has one', async () => {
    const log = createSqliteDeliveryLog(stores.db);
    const delivery = createDelivery({ log, chat: channel.chatPort, clock: systemClock });
    expect(await delivery.deliverAll(['wecombot:qianqi'], 'case:c2', 'T-1', reminder)).toBe(1);
    expect(pushesTo('qianqi')).toEqual([]);
    expect(JSON.stringify(api.hookMessages.get('hook-bagong'))).toContain(`【致钱七】${REMINDER}`);
    expect(await undeliveredBlock(log, 'c2')).toBeUndefined();
  });

  it('tells the official how to link the app with /bind the next time they write, once', async () => {
    const first = server.pushText('你好', { from: 'zhaoliu' });
    await server.nextReply(first);
    await channel.idle();
    const answer = textOf(server.frames.filter((f) => f.headers.req_id === first || (f.cmd === 'aibot_send_msg' && f.body.chatid === 'zhaoliu')));
    expect(answer).toContain('收到');
    expect(answer).toContain('发送 /bind 获取关联码');
    const pushedBefore = pushesTo('zhaoliu').length;
    const second = server.pushText('再问一下', { from: 'zhaoliu' });
    await server.nextReply(second);
    await channel.idle();
    const again = textOf([...server.frames.filter((f) => f.headers.req_id === second), ...pushesTo('zhaoliu').slice(pushedBefore)]);
    expect(again).toContain('收到');
    expect(again).not.toContain('/bind');
  });

  it('reaches them through the bot once they have written to it', async () => {
    await channel.chatPort.send('wecombot:zhaoliu', reminder);
    expect((await server.nextSend()).body).toMatchObject({ chatid: 'zhaoliu', markdown: { content: REMINDER } });
  });
});
