import { createHash, randomBytes } from 'node:crypto';
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
import sharp from 'sharp';

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

  it('refuses a group-robot image whose md5 is not that of its bytes, or that is no JPG/PNG ([群机器人] 图片类型)', async () => {
    api.hookKeys.add('hook-key');
    const post = (image: { base64: string; md5: string }) =>
      fetch(`${api.base}/webhook/send?key=hook-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'image', image }) }).then((r) => r.json());
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).gif().toBuffer();
    const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
    expect(await post({ base64: jpeg.toString('base64'), md5: md5(Buffer.from('other')) })).toMatchObject({ errcode: 40058 });
    expect(await post({ base64: gif.toString('base64'), md5: md5(gif) })).toMatchObject({ errcode: 40058 });
    expect(await post({ base64: jpeg.toString('base64'), md5: md5(jpeg) })).toMatchObject({ errcode: 0 });
  });

  it('a photo over the 2 MB a group robot takes is shrunk to a JPEG that fits instead of being refused', async () => {
    api.hookKeys.add('hook-key');
    const big = await sharp({ create: { width: 1800, height: 1800, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const media = { get: async (id: string) => ({ ref: { id, mime: 'image/png', bytes: big.length }, data: big }) };
    const robot = new WebhookRobot({ key: 'hook-key', baseUrl: api.base, media, logger });
    await robot.send([{ kind: 'photo', mediaId: 'p1' }]);
    const sent = api.hookMessages.get('hook-key')!.at(-1)!;
    const bytes = Buffer.from(sent.image.base64, 'base64');
    expect(bytes.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
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

  it('appchat: over 200 a minute WeCom drops messages while answering ok; with the caps the 201st waits for a retry', async () => {
    api.appChats.add('wrDROP');
    api.appChats.add('wrCAP');
    const uncapped = createAppSender(client(), { logger });
    for (let i = 0; i < 201; i++) await uncapped.toAppChat('wrDROP', [{ kind: 'text', text: `${i}` }]);
    expect(api.chatMessages.get('wrDROP')).toHaveLength(200);
    expect(api.droppedInChats.get('wrDROP')).toHaveLength(1);
    const db = new Database(':memory:');
    const capped = createAppSender(client(), { logger, caps: createSendCaps(rateLimitsFrom(sqliteRateLimitBackend(db))) });
    for (let i = 0; i < 200; i++) await capped.toAppChat('wrCAP', [{ kind: 'text', text: `${i}` }]);
    await expect(capped.toAppChat('wrCAP', [{ kind: 'text', text: '第201条' }])).rejects.toMatchObject({ name: 'WeComRateLimitError' });
    expect(api.droppedInChats.get('wrCAP')).toBeUndefined();
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
