import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Inbound, Outbound } from '../../../domain/index.js';
import { WeComApiClient, createAppSender, mountWeComCallback, type CallbackRouteOptions } from '../../../bot/wecom/index.js';
import { callbackXml, sealCallback } from '../../support/wecom-callback.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/wecom-crypto-vector.json', import.meta.url), 'utf8'));
const keys = { token: vector.config.token, encodingAESKey: vector.config.encodingAESKey, corpId: vector.config.receiveId };
const API = 'https://qyapi.test';
const vectorNow = () => Number(vector.postCallback.query.timestamp) * 1000;

function setup(opts: { corpId?: string; replies?: Outbound[]; now?: () => number } = {}) {
  const app = new Hono();
  const received: Inbound[] = [];
  const handler = {
    handle: vi.fn(async (inbound: Inbound): Promise<Outbound[]> => {
      received.push(inbound);
      return opts.replies ?? [{ kind: 'text', text: '已收到您的消息' }];
    }),
  };
  const logger = pino({ level: 'silent' });
  const api = new WeComApiClient({ corpId: keys.corpId, agentId: 218, secret: 'app-secret', baseUrl: `${API}/cgi-bin` });
  const routeOpts: CallbackRouteOptions = {
    ...keys,
    corpId: opts.corpId ?? keys.corpId,
    handler,
    api,
    sender: createAppSender(api, { logger }),
    logger,
    now: opts.now ?? vectorNow,
  };
  const routes = mountWeComCallback(app, routeOpts);
  return { app, handler, received, routes };
}

function tokenOnce() {
  return nock(API).get('/cgi-bin/gettoken').query({ corpid: keys.corpId, corpsecret: 'app-secret' }).reply(200, {
    errcode: 0,
    errmsg: 'ok',
    access_token: 'TOKEN-1',
    expires_in: 7200,
  });
}

const post = (app: Hono, query: string, body: string) => app.request(`/wecom/callback?${query}`, { method: 'POST', body });
const vectorQuery = new URLSearchParams(vector.postCallback.query).toString();

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('URL verification (GET)', () => {
  it('answers the official vector with the bare decrypted echostr', async () => {
    const { app } = setup();
    const q = vector.verifyUrl.query;
    // As WeCom sends it: echostr URL-encoded, so its `+` survive.
    const res = await app.request(
      `/wecom/callback?msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}&echostr=${encodeURIComponent(q.echostr)}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(vector.verifyUrl.expectedHttpResponseBody);
  });

  it('still verifies when the echostr arrives with raw + signs', async () => {
    const { app } = setup();
    const q = vector.verifyUrl.query;
    const res = await app.request(`/wecom/callback?msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}&echostr=${q.echostr}`);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('refuses a forged signature without revealing the plaintext', async () => {
    const { app } = setup();
    const q = { ...vector.verifyUrl.query, msg_signature: '0'.repeat(40) };
    const res = await app.request(`/wecom/callback?${new URLSearchParams(q)}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('');
  });

  it('refuses an echostr encrypted for another corp', async () => {
    const { app } = setup({ corpId: 'ww-some-other-corp' });
    const res = await app.request(`/wecom/callback?${new URLSearchParams(vector.verifyUrl.query)}`);
    expect(res.status).toBe(403);
  });
});

describe('encrypted messages (POST)', () => {
  it('acknowledges the official vector at once and replies through message/send', async () => {
    const { app, received, routes } = setup();
    tokenOnce();
    const sent = nock(API)
      .post('/cgi-bin/message/send', (body) => body.touser === 'mycreate' && body.agentid === 218 && body.markdown.content === '已收到您的消息')
      .query({ access_token: 'TOKEN-1' })
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'm1' });

    const res = await post(app, vectorQuery, vector.postCallback.body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await routes.idle();

    expect(received).toEqual([{ chat: 'wecom:mycreate', kind: 'text', text: 'hello' }]);
    expect(sent.isDone()).toBe(true);
  });

  it('answers before a slow handler finishes (WeCom retries after 5 s)', async () => {
    const { app, handler, routes } = setup();
    let release!: () => void;
    handler.handle.mockImplementationOnce(() => new Promise<Outbound[]>((r) => (release = () => r([]))));
    const res = await post(app, vectorQuery, vector.postCallback.body);
    expect(res.status).toBe(200);
    expect(handler.handle).toHaveBeenCalledOnce();
    release();
    await routes.idle();
  });

  it('handles a callback WeCom delivers three times only once', async () => {
    const { app, handler, routes } = setup();
    tokenOnce();
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, { errcode: 0 });
    for (let i = 0; i < 3; i++) expect((await post(app, vectorQuery, vector.postCallback.body)).status).toBe(200);
    await routes.idle();
    expect(handler.handle).toHaveBeenCalledOnce();
  });

  it('refuses a forged signature with no processing', async () => {
    const { app, handler } = setup();
    const forged = new URLSearchParams({ ...vector.postCallback.query, msg_signature: 'f'.repeat(40) }).toString();
    const res = await post(app, forged, vector.postCallback.body);
    expect(res.status).toBe(403);
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it('refuses a message whose receiveid is another CorpID', async () => {
    const { app, handler } = setup({ corpId: 'ww-some-other-corp' });
    const res = await post(app, vectorQuery, vector.postCallback.body);
    expect(res.status).toBe(403);
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it('refuses a correctly signed replay of an old callback', async () => {
    const { app, handler } = setup({ now: () => vectorNow() + 2 * 3600_000 });
    const res = await post(app, vectorQuery, vector.postCallback.body);
    expect(res.status).toBe(403);
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it.each([
    ['not XML at all', 'hello'],
    ['unclosed tags', '<xml><Encrypt>abc</xml>'],
    ['no Encrypt element', '<xml><ToUserName>x</ToUserName></xml>'],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'],
  ])('answers 400 to malformed XML: %s', async (_name, body) => {
    const { app, handler } = setup();
    const res = await post(app, vectorQuery, body);
    expect(res.status).toBe(400);
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it('refuses an oversized body unread', async () => {
    const { app, handler } = setup();
    const res = await post(app, vectorQuery, `<xml><Encrypt>${'A'.repeat(100_000)}</Encrypt></xml>`);
    expect(res.status).toBe(413);
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it('hands an image over as a photo the handler can download (media/get)', async () => {
    const { app, received, routes } = setup({ replies: [], now: Date.now });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    const xml = callbackXml({
      ToUserName: keys.corpId,
      FromUserName: 'lisi',
      CreateTime: 1700000000,
      MsgType: 'image',
      PicUrl: 'https://example.invalid/pic',
      MediaId: 'MEDIA-1',
      MsgId: '7000000000000000001',
      AgentID: 218,
    });
    const sealed = sealCallback(keys, xml);
    tokenOnce();
    nock(API).get('/cgi-bin/media/get').query({ access_token: 'TOKEN-1', media_id: 'MEDIA-1' }).reply(200, jpeg, { 'content-type': 'image/jpeg' });

    expect((await post(app, sealed.query, sealed.body)).status).toBe(200);
    await routes.idle();
    const photo = received[0];
    expect(photo).toMatchObject({ chat: 'wecom:lisi', kind: 'photo' });
    const bytes = await (photo as Extract<Inbound, { kind: 'photo' }>).media[0]!.download();
    expect(Buffer.from(bytes)).toEqual(jpeg);
  });

  it('offers choices as a card and greys out the pressed button before the handler runs', async () => {
    const { app, handler, routes } = setup({ now: Date.now });
    const order: string[] = [];
    handler.handle
      .mockResolvedValueOnce([{ kind: 'text', text: '隐患等级？', choices: [[{ label: '一般', value: 'sev:general' }, { label: '重大', value: 'sev:major' }]] }])
      .mockImplementationOnce(async () => {
        order.push('handler');
        return [];
      });
    tokenOnce();
    let card: { task_id: string; button_list: { text: string; key: string }[] } | undefined;
    nock(API)
      .post('/cgi-bin/message/send', (b) => b.msgtype === 'template_card' && b.touser === 'wangwu')
      .query(true)
      .reply(200, (_uri, body) => {
        card = (body as { template_card: typeof card }).template_card;
        return { errcode: 0 };
      });
    const ask = sealCallback(keys, callbackXml({ ToUserName: keys.corpId, FromUserName: 'wangwu', CreateTime: 1700000000, MsgType: 'text', Content: '上报隐患', MsgId: '1001', AgentID: 218 }));
    await post(app, ask.query, ask.body);
    await routes.idle();
    expect(card?.button_list).toEqual([
      { text: '一般', key: 'sev:general' },
      { text: '重大', key: 'sev:major' },
    ]);

    let replaceName: string | undefined;
    nock(API)
      .post('/cgi-bin/message/update_template_card', (b) => b.response_code === 'RESP-1' && b.userids[0] === 'wangwu')
      .query(true)
      .reply(200, (_uri, body) => {
        order.push('update');
        replaceName = (body as { button: { replace_name: string } }).button.replace_name;
        return { errcode: 0 };
      });
    const click = sealCallback(
      keys,
      callbackXml({
        ToUserName: keys.corpId,
        FromUserName: 'wangwu',
        CreateTime: 1700000005,
        MsgType: 'event',
        Event: 'template_card_event',
        EventKey: 'sev:major',
        TaskId: card!.task_id,
        CardType: 'button_interaction',
        ResponseCode: 'RESP-1',
        AgentID: 218,
      }),
    );
    await post(app, click.query, click.body);
    await routes.idle();

    expect(handler.handle).toHaveBeenLastCalledWith({ chat: 'wecom:wangwu', kind: 'choice', value: 'sev:major' });
    expect(replaceName).toBe('✅ 重大');
    expect(order).toEqual(['update', 'handler']);
  });
});
