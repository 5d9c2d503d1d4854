import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenCache, WeComApiClient, WeComApiError, WeComRateLimitError } from '../../../bot/wecom/index.js';

const API = 'https://qyapi.test';
const SECRET = 'app-secret-not-for-logs';

function client(tokens = new MemoryTokenCache()) {
  return new WeComApiClient({ corpId: 'ww1', agentId: 1000002, secret: SECRET, baseUrl: `${API}/cgi-bin`, tokens, busyRetryDelaysMs: [1, 1, 1] });
}
function token(value: string, expiresIn = 7200) {
  return nock(API).get('/cgi-bin/gettoken').query({ corpid: 'ww1', corpsecret: SECRET }).reply(200, { errcode: 0, access_token: value, expires_in: expiresIn });
}
const send = (c: WeComApiClient) => c.sendMessage({ touser: ['zhangsan'] }, { msgtype: 'text', text: { content: '你好' } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('access_token', () => {
  it('is fetched once and shared by every client on the same cache', async () => {
    const tokens = new MemoryTokenCache();
    const gettoken = token('T1');
    nock(API).post('/cgi-bin/message/send').query({ access_token: 'T1' }).times(3).reply(200, { errcode: 0 });
    const a = client(tokens);
    await Promise.all([send(a), send(a)]);
    await send(client(tokens));
    expect(gettoken.isDone()).toBe(true);
  });

  it('is refreshed five minutes before WeCom expires it', async () => {
    let now = 0;
    const c = client(new MemoryTokenCache(() => now));
    token('T1');
    expect(await c.accessToken()).toBe('T1');
    now = (7200 - 301) * 1000;
    expect(await c.accessToken()).toBe('T1');
    token('T2');
    now = (7200 - 299) * 1000;
    expect(await c.accessToken()).toBe('T2');
  });

  it.each([42001, 40014])('is refreshed once when WeCom answers %i, and the call succeeds', async (errcode) => {
    const c = client();
    token('OLD');
    token('NEW');
    nock(API).post('/cgi-bin/message/send').query({ access_token: 'OLD' }).reply(200, { errcode, errmsg: 'expired' });
    const ok = nock(API).post('/cgi-bin/message/send').query({ access_token: 'NEW' }).reply(200, { errcode: 0, msgid: 'm1' });
    await expect(send(c)).resolves.toMatchObject({ msgid: 'm1' });
    expect(ok.isDone()).toBe(true);
  });

  it('is refreshed only once: a second rejection is an error', async () => {
    const c = client();
    token('A');
    token('B');
    nock(API).post('/cgi-bin/message/send').query(true).times(2).reply(200, { errcode: 42001, errmsg: 'expired' });
    await expect(send(c)).rejects.toMatchObject({ errcode: 42001 });
  });
});

describe('errors', () => {
  it('retries "system busy" (-1) with back-off and then succeeds', async () => {
    token('T');
    const busy = nock(API).post('/cgi-bin/message/send').query(true).times(2).reply(200, { errcode: -1, errmsg: 'system busy' });
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, { errcode: 0 });
    await expect(send(client())).resolves.toMatchObject({ errcode: 0 });
    expect(busy.isDone()).toBe(true);
  });

  it('gives up after three busy retries', async () => {
    token('T');
    nock(API).post('/cgi-bin/message/send').query(true).times(4).reply(200, { errcode: -1, errmsg: 'system busy' });
    await expect(send(client())).rejects.toMatchObject({ errcode: -1 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('surfaces 45009 as a typed rate-limit error without retrying', async () => {
    token('T');
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const err = await send(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComRateLimitError);
    expect(err).toBeInstanceOf(WeComApiError);
  });

  it('never puts the secret or the token into an error message', async () => {
    token('TOKEN-SECRET');
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, { errcode: 81013, errmsg: 'user list invalid' });
    const err = (await send(client()).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('81013');
    expect(err.message).not.toMatch(/TOKEN-SECRET|app-secret/);
  });
});

describe('calls', () => {
  it('sends to a town group chat with appchat/send', async () => {
    token('T');
    const sent = nock(API)
      .post('/cgi-bin/appchat/send', { chatid: 'town-beiyicheng', safe: 0, msgtype: 'markdown', markdown: { content: '本周检查' } })
      .query({ access_token: 'T' })
      .reply(200, { errcode: 0 });
    await client().sendAppChat('town-beiyicheng', { msgtype: 'markdown', markdown: { content: '本周检查' } });
    expect(sent.isDone()).toBe(true);
  });

  it('uploads an image as multipart "media" and returns its media_id', async () => {
    token('T');
    let multipart = '';
    nock(API)
      .post('/cgi-bin/media/upload')
      .query({ access_token: 'T', type: 'image' })
      .reply(200, (_uri, body) => {
        multipart = String(body);
        return { errcode: 0, type: 'image', media_id: 'MEDIA-9', created_at: '1700000000' };
      });
    expect(await client().uploadMedia('image', new Uint8Array([1, 2, 3, 4, 5, 6]), 'site.jpg', 'image/jpeg')).toBe('MEDIA-9');
    expect(multipart).toMatch(/name="media"; filename="site.jpg"/);
    expect(multipart).toMatch(/Content-Type: image\/jpeg/i);
  });

  it('downloads media sent in a callback, and reports an expired media_id as an error', async () => {
    token('T');
    nock(API)
      .get('/cgi-bin/media/get')
      .query({ access_token: 'T', media_id: 'OK' })
      .reply(200, Buffer.from([0xff, 0xd8, 0xff]), { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="a.jpg"' });
    nock(API).get('/cgi-bin/media/get').query({ access_token: 'T', media_id: 'GONE' }).reply(200, { errcode: 40007, errmsg: 'invalid media_id' });
    const c = client();
    expect(await c.getMedia('OK')).toEqual({ data: new Uint8Array([0xff, 0xd8, 0xff]), mime: 'image/jpeg', fileName: 'a.jpg' });
    await expect(c.getMedia('GONE')).rejects.toMatchObject({ errcode: 40007 });
  });
});
