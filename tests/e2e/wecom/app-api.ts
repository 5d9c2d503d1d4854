import { readFileSync } from 'node:fs';
import nock from 'nock';
import { callbackXml, sealCallback } from '../../support/wecom-callback.js';

/** The official WeCom crypto vector: its token, EncodingAESKey and CorpID configure the self-built app. */
const vector = JSON.parse(readFileSync(new URL('../../fixtures/wecom-crypto-vector.json', import.meta.url), 'utf8'));
export const keys = { token: vector.config.token as string, encodingAESKey: vector.config.encodingAESKey as string, corpId: vector.config.receiveId as string };
export const AGENT_ID = 218;
const API = 'https://qyapi.test';

/** The self-built app's environment, its server API pointed at the nock host. */
export const appEnv: Record<string, string> = {
  WECOM_CORP_ID: keys.corpId,
  WECOM_AGENT_ID: String(AGENT_ID),
  WECOM_APP_SECRET: 'app-secret',
  WECOM_CALLBACK_TOKEN: keys.token,
  WECOM_ENCODING_AES_KEY: keys.encodingAESKey,
  WECOM_API_BASE: `${API}/cgi-bin`,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are free-form JSON
export type ApiBody = Record<string, any>;

/**
 * A stand-in for qyapi.weixin.qq.com: hands out one token and records every message/send and
 * appchat/send body. Only 127.0.0.1/localhost (the fake servers, FerretDB) stay reachable.
 */
export function fakeQyApi() {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const calls = { gettoken: 0, messageSend: [] as ApiBody[], appchatSend: [] as ApiBody[] };
  const unmatched: string[] = [];
  const noMatch = (req: { method?: string; path?: string; href?: string }) => unmatched.push(`${req.method} ${req.href ?? req.path}`);
  nock.emitter.on('no match', noMatch);
  const ok = (list: ApiBody[]) => (_uri: string, body: nock.Body) => {
    list.push((typeof body === 'string' ? JSON.parse(body) : body) as ApiBody);
    return { errcode: 0, errmsg: 'ok', msgid: `msg-${list.length}` };
  };
  nock(API)
    .persist()
    .get('/cgi-bin/gettoken')
    .query({ corpid: keys.corpId, corpsecret: 'app-secret' })
    .reply(200, () => {
      calls.gettoken++;
      return { errcode: 0, errmsg: 'ok', access_token: 'TOKEN-1', expires_in: 7200 };
    })
    .post('/cgi-bin/message/send')
    .query({ access_token: 'TOKEN-1' })
    .reply(200, ok(calls.messageSend))
    .post('/cgi-bin/appchat/send')
    .query({ access_token: 'TOKEN-1' })
    .reply(200, ok(calls.appchatSend));
  return {
    calls,
    /** Requests the fake did not answer (they failed inside the app, which only logs them). */
    unmatched,
    stop() {
      nock.emitter.removeListener('no match', noMatch);
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

type Fetch = (req: Request) => Response | Promise<Response>;

/** Posts a message to the app's callback URL the way WeCom does: encrypted, freshly signed each time. */
export async function deliverCallback(fetch: Fetch, fields: Record<string, string | number>): Promise<Response> {
  const sealed = sealCallback(keys, callbackXml({ ToUserName: keys.corpId, CreateTime: Math.floor(Date.now() / 1000), AgentID: AGENT_ID, ...fields }));
  return fetch(new Request(`http://localhost/wecom/callback?${sealed.query}`, { method: 'POST', body: sealed.body }));
}
