import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Outbound } from '../../../domain/index.js';
import { createWeComChannel, resolveWeComConfig, wecomConfigSchema } from '../../../bot/wecom/index.js';
import { FakeWeComServer } from '../../support/fake-wecom-ws.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/wecom-crypto-vector.json', import.meta.url), 'utf8'));
let server: FakeWeComServer;

beforeAll(async () => {
  server = await FakeWeComServer.start();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await server.stop();
});

it('builds every configured mode from the environment slice and routes pushes by ChatRef', async () => {
  const env = wecomConfigSchema.parse({
    WECOM_BOT_ID: 'bot-test',
    WECOM_BOT_SECRET: server.secret,
    WECOM_WS_URL: server.url,
    WECOM_CORP_ID: vector.config.receiveId,
    WECOM_AGENT_ID: '218',
    WECOM_APP_SECRET: 'app-secret',
    WECOM_CALLBACK_TOKEN: vector.config.token,
    WECOM_ENCODING_AES_KEY: vector.config.encodingAESKey,
    WECOM_API_BASE: 'https://qyapi.test/cgi-bin',
    WECOM_WEBHOOK_KEYS: 'beiyicheng=hook-key-1',
  });
  const handler = { handle: async (): Promise<Outbound[]> => [{ kind: 'text', text: '收到' }] };
  const channel = createWeComChannel(resolveWeComConfig(env), { handler, logger: pino({ level: 'silent' }) });
  const app = new Hono();
  expect(channel.mount(app)).toBeDefined();

  channel.start();
  await server.waitForAuth();
  for (let i = 0; i < 100 && !channel.aibot!.isConnected(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(channel.health().aibot?.state).toBe('online');

  // The bot answers over the long connection...
  expect((await server.nextReply(server.pushText('你好', { from: 'lisi' }))).body.stream.content).toBe('收到');
  await channel.idle();
  // ...the callback URL verifies...
  const q = vector.verifyUrl.query;
  const verify = await app.request(`/wecom/callback?${new URLSearchParams(q)}`);
  expect(await verify.text()).toBe(vector.verifyUrl.expectedPlaintext);
  // ...and pushes find their way by ChatRef.
  const hook = nock('https://qyapi.test').post('/cgi-bin/webhook/send').query({ key: 'hook-key-1' }).reply(200, { errcode: 0 });
  await channel.chatPort.send('wecomhook:beiyicheng', [{ kind: 'text', text: '镇村检查通知' }]);
  // A person in the bot's id space who messaged it is reached by the bot; an app userid by message/send.
  await channel.chatPort.send('wecombot:lisi', [{ kind: 'text', text: '整改提醒' }]);
  expect(hook.isDone()).toBe(true);
  expect((await server.nextSend()).body).toMatchObject({ chatid: 'lisi', markdown: { content: '整改提醒' } });
  const app1 = nock('https://qyapi.test')
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'T1', expires_in: 7200 })
    .post('/cgi-bin/message/send')
    .query({ access_token: 'T1' })
    .reply(200, (_u, body) => ({ errcode: 0, msgid: 'm1', echo: body }));
  await channel.chatPort.send('wecom:LiSi01', [{ kind: 'text', text: '整改提醒' }]);
  expect(app1.isDone()).toBe(true);

  await channel.stop();
  expect(channel.health().aibot?.state).toBe('stopped');
});
