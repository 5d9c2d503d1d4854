import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeComApiClient, WebhookRobot, createAppSender, createWeComChatPort } from '../../../bot/wecom/index.js';
import { createSendCaps } from '../../../bot/wecom/send-caps.js';
import { isUndeliverable, type Outbound } from '../../../domain/index.js';
import { rateLimitsFrom, redisRateLimitBackend, sqliteRateLimitBackend } from '../../../stores/rate-limit/index.js';
import { FakeWeComApi } from '../../support/fake-wecom-api.js';
import { serviceUrl } from '../../support/requires.js';
import Database from 'better-sqlite3';

const logger = pino({ level: 'silent' });
let api: FakeWeComApi;

function client() {
  return new WeComApiClient({ corpId: api.corpId, agentId: 1000002, secret: api.secret, baseUrl: api.base, busyRetryDelaysMs: [], logger });
}

beforeEach(async () => {
  api = await FakeWeComApi.start();
  api.members.add('lisi');
});
afterEach(async () => api.stop());

describe('the strict fake of the WeCom server API', () => {
  it('refuses what the old code could send: a card into appchat, markdown over 2048 bytes', async () => {
    api.appChats.add('wrTOWN');
    const c = client();
    await expect(c.sendMessage({ touser: ['lisi'] }, { msgtype: 'markdown', markdown: { content: '隐'.repeat(683) } })).rejects.toMatchObject({ errcode: 40058 });
    const card = { msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: '通知' }, task_id: 't1' } };
    await expect(c.sendMessage({ touser: ['lisi'] }, card as never)).rejects.toMatchObject({ errcode: 40058 });
    expect(api.calls.at(-1)?.reason).toMatch(/card_action/);
  });
});

describe('sending through the self-built app, the group robot and the ChatPort', () => {
  const msg: Outbound[] = [{ kind: 'text', text: '案件 ZZ-2026-000001 明天到期' }];

  it('turns 81013 (no such member) and 60020 (untrusted IP) into undeliverable, recorded once by the job', async () => {
    const port = createWeComChatPort({ app: createAppSender(client(), { logger }) });
    expect(isUndeliverable(await port.send('wecom:ghost', msg).catch((e: unknown) => e))).toBe(true);
    expect(api.calls.at(-1)).toMatchObject({ api: 'message/send', errcode: 81013 });
    api.untrustedIp = true;
    expect(isUndeliverable(await port.send('wecom:lisi', msg).catch((e: unknown) => e))).toBe(true);
    expect(api.calls.at(-1)).toMatchObject({ errcode: 60020 });
  });

  it('turns 86008 (a group another app created) and 86003 (no such chat) from appchat/send into undeliverable', async () => {
    api.foreignChats.add('wrOTHERS');
    const port = createWeComChatPort({ app: createAppSender(client(), { logger }) });
    expect(isUndeliverable(await port.send('wecomapp:wrOTHERS', msg).catch((e: unknown) => e))).toBe(true);
    expect(api.calls.at(-1)).toMatchObject({ api: 'appchat/send', errcode: 86008 });
    expect(isUndeliverable(await port.send('wecomapp:wrGONE', msg).catch((e: unknown) => e))).toBe(true);
    expect(api.calls.at(-1)).toMatchObject({ api: 'appchat/send', errcode: 86003 });
  });

  it('shows why the caps matter: over 30 a minute WeCom drops app messages while answering ok', async () => {
    const uncapped = createAppSender(client(), { logger });
    for (let i = 0; i < 31; i++) await uncapped.toUser('lisi', [{ kind: 'text', text: `第${i + 1}条` }]);
    expect(api.delivered.get('lisi')).toHaveLength(30);
    expect(api.dropped.get('lisi')).toHaveLength(1);
  });

  it('with the send caps, the 31st message waits for a retry instead of vanishing', async () => {
    api.members.add('wangwu');
    const db = new Database(':memory:');
    const caps = createSendCaps(rateLimitsFrom(sqliteRateLimitBackend(db)));
    const capped = createAppSender(client(), { logger, caps });
    for (let i = 0; i < 30; i++) await capped.toUser('wangwu', [{ kind: 'text', text: `第${i + 1}条` }]);
    await expect(capped.toUser('wangwu', [{ kind: 'text', text: '第31条' }])).rejects.toMatchObject({ name: 'WeComRateLimitError' });
    expect(api.delivered.get('wangwu')).toHaveLength(30);
    expect(api.dropped.get('wangwu')).toBeUndefined();
    db.close();
  });

  it('refuses a 21st group-robot message in a minute (45009) from another sender on the key; a bad key is undeliverable', async () => {
    api.hookKeys.add('hook-key');
    // One robot paces itself (it waits rather than drops); a second sender on the same key is refused.
    const robot = new WebhookRobot({ key: 'hook-key', baseUrl: api.base, rateLimitBackoffMs: [], logger });
    for (let i = 0; i < 20; i++) await robot.sendMarkdown(`${i}`);
    const other = new WebhookRobot({ key: 'hook-key', baseUrl: api.base, rateLimitBackoffMs: [], logger });
    await expect(other.sendMarkdown('21')).rejects.toMatchObject({ errcode: 45009 });
    const port = createWeComChatPort({ webhooks: { beiyicheng: new WebhookRobot({ key: 'wrong', baseUrl: api.base, logger }) } });
    expect(isUndeliverable(await port.send('wecomhook:beiyicheng', msg).catch((e: unknown) => e))).toBe(true);
  });
});

const redisUrl = serviceUrl('REDIS_URL');
describe.skipIf(!redisUrl)('send caps shared by replicas through Redis', () => {
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  afterAll(async () => void (await redis?.quit()));

  it('two replicas together stop at 30 messages a minute to one member', async () => {
    api.members.add('zhaoliu');
    const prefix = `zz-test-${randomBytes(4).toString('hex')}`;
    const db = new Database(':memory:');
    const store = sqliteRateLimitBackend(db);
    const replica = () => createAppSender(client(), { logger, caps: createSendCaps(rateLimitsFrom(redisRateLimitBackend(redis!, store, prefix))) });
    const [a, b] = [replica(), replica()];
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).toUser('zhaoliu', [{ kind: 'text', text: `${i}` }])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    expect(api.delivered.get('zhaoliu')).toHaveLength(30);
    expect(api.dropped.get('zhaoliu')).toBeUndefined();
    db.close();
  });
});
