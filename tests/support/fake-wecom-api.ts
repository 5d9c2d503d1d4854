import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ERR_INVALID_PARAM,
  ERR_NOT_OWN_APPCHAT,
  ERR_NO_SUCH_APPCHAT,
  ERR_NO_VALID_RECIPIENT,
  ERR_RATE_LIMIT,
  ERR_UNTRUSTED_IP,
  WindowCounter,
  checkAppMessage,
  checkHookMessage,
  type Json,
} from './wecom-rules.js';

/** One request the fake answered, with its errcode (0 = accepted). */
export interface ApiCall {
  api: string;
  body: Json;
  errcode: number;
  reason?: string;
}

/**
 * A strict local stand-in for https://qyapi.weixin.qq.com/cgi-bin: gettoken, message/send,
 * appchat/send, media/upload and the group robot's webhook/send, each validated against the rules in
 * wecom-rules.ts (sources there). It reproduces what the pages document beyond the schemas:
 * - [应用消息] recipients that are not members are listed in `invaliduser`; none valid → 81013.
 * - [错误码] a caller outside the app's trusted IPs gets 60020 on every call (`untrustedIp`).
 * - [频率] over 30/min or 1000/h per member, app messages are DROPPED while the API answers ok (`dropped`).
 * - [应用消息] appchat/send only reaches chats the app created (`appChats`): a group created by someone
 *   else (`foreignChats`) → 86008 非法操作非自己创建的群, an unknown chatid → 86003 参数 chatid 不存在 ([错误码]).
 * - [频率] appchat: over 200/min or 10 000/day per member, messages are DROPPED while the API answers ok
 *   (`droppedInChats`); counted per chat, as every member receives each message (REFERENCE §1b.3).
 * - [群机器人] over 20 messages a minute per robot → 45009.
 */
export class FakeWeComApi {
  readonly calls: ApiCall[] = [];
  /** Messages WeCom would have swallowed silently (over the per-member cap): userid → messages. */
  readonly dropped = new Map<string, Json[]>();
  /** What each member actually received. */
  readonly delivered = new Map<string, Json[]>();
  /** appchat messages WeCom would have swallowed silently (over the per-member cap): chatid → messages. */
  readonly droppedInChats = new Map<string, Json[]>();
  /** What each appchat and each robot key received. */
  readonly chatMessages = new Map<string, Json[]>();
  readonly hookMessages = new Map<string, Json[]>();
  /** Members of the corp (message/send recipients that exist). */
  readonly members = new Set<string>();
  /** Group chats this app created with appchat/create. */
  readonly appChats = new Set<string>();
  /** Group chats that exist in the corp but were created by another app or person. */
  readonly foreignChats = new Set<string>();
  /** Webhook keys that exist. */
  readonly hookKeys = new Set<string>();
  /** When true, every call is refused with 60020 (the server's IP is not in the app's trusted list). */
  untrustedIp = false;
  private readonly memberCaps = new WindowCounter([
    { perMs: 60_000, max: 30 },
    { perMs: 3_600_000, max: 1000 },
  ]);
  private readonly hookCaps = new WindowCounter([{ perMs: 60_000, max: 20 }]);
  private readonly chatCaps = new WindowCounter([
    { perMs: 60_000, max: 200 },
    { perMs: 86_400_000, max: 10_000 },
  ]);
  private readonly token = `TOKEN-${createHash('md5').update(String(Math.random())).digest('hex').slice(0, 8)}`;

  private constructor(
    private readonly server: Server,
    readonly corpId: string,
    readonly secret: string,
  ) {}

  static async start(opts: { corpId?: string; secret?: string } = {}): Promise<FakeWeComApi> {
    const server = createServer();
    const api = new FakeWeComApi(server, opts.corpId ?? 'wwcorp-test', opts.secret ?? 'app-secret');
    server.on('request', (req, res) => void api.serve(req, res).catch((e: unknown) => res.writeHead(500).end(String(e))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The value for WECOM_API_BASE. */
  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cgi-bin`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const api = url.pathname.replace(/^\/cgi-bin\//, '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const json = (req.headers['content-type'] ?? '').includes('json') && raw.length ? (JSON.parse(raw.toString()) as Json) : {};
    const answer = (body: Json) => {
      const errcode = Number(body.errcode ?? 0);
      this.calls.push({ api, body: json, errcode, ...(errcode ? { reason: String(body.errmsg) } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errmsg: errcode ? body.errmsg : 'ok', ...body }));
    };
    const refuse = (errcode: number, errmsg: string) => answer({ errcode, errmsg });

    if (api === 'webhook/send') return this.hook(url, json, answer, refuse);
    if (this.untrustedIp) return refuse(ERR_UNTRUSTED_IP, 'not allow to access from your ip');
    if (api === 'gettoken') {
      if (url.searchParams.get('corpid') !== this.corpId || url.searchParams.get('corpsecret') !== this.secret) return refuse(40001, 'invalid credential');
      return answer({ errcode: 0, access_token: this.token, expires_in: 7200 });
    }
    if (url.searchParams.get('access_token') !== this.token) return refuse(40014, 'invalid access_token');
    switch (api) {
      case 'message/send':
        return this.messageSend(json, answer, refuse);
      case 'appchat/send': {
        const invalid = checkAppMessage(json, 'appchat/send');
        if (invalid) return refuse(invalid.errcode, invalid.reason);
        if (this.foreignChats.has(json.chatid)) return refuse(ERR_NOT_OWN_APPCHAT, 'not allow to operate on chat not created by this app');
        if (!this.appChats.has(json.chatid)) return refuse(ERR_NO_SUCH_APPCHAT, 'chatid not found');
        push(this.chatCaps.take(json.chatid) ? this.chatMessages : this.droppedInChats, json.chatid, json);
        return answer({ errcode: 0 });
      }
      case 'media/upload':
        // [应用消息] 上传临时素材: files must be larger than 5 bytes.
        return raw.length > 5 ? answer({ errcode: 0, type: url.searchParams.get('type'), media_id: `m${this.calls.length}`, created_at: '0' }) : refuse(ERR_INVALID_PARAM, 'media too small');
      default:
        return refuse(ERR_INVALID_PARAM, `unknown api ${api}`);
    }
  }

  private messageSend(json: Json, answer: (b: Json) => void, refuse: (c: number, m: string) => void): void {
    // [应用消息] touser "userid1|userid2" (≤1000) and agentid are required.
    if (typeof json.touser !== 'string' || !json.touser) return refuse(ERR_INVALID_PARAM, 'touser is required');
    if (!Number.isInteger(json.agentid)) return refuse(ERR_INVALID_PARAM, 'agentid must be an integer');
    const users = json.touser.split('|');
    if (users.length > 1000) return refuse(ERR_INVALID_PARAM, 'touser over 1000 members');
    const invalid = checkAppMessage(json, 'message/send');
    if (invalid) return refuse(invalid.errcode, invalid.reason);
    const valid = users.filter((u: string) => this.members.has(u));
    const invaliduser = users.filter((u: string) => !this.members.has(u));
    if (valid.length === 0) return refuse(ERR_NO_VALID_RECIPIENT, 'no valid recipient: all touser invalid');
    for (const u of valid) {
      // [频率] over the per-member cap the message is not delivered, and the answer is still ok.
      push(this.memberCaps.take(u) ? this.delivered : this.dropped, u, json);
    }
    answer({ errcode: 0, msgid: `msg${this.calls.length}`, ...(invaliduser.length ? { invaliduser: invaliduser.join('|') } : {}) });
  }

  private hook(url: URL, json: Json, answer: (b: Json) => void, refuse: (c: number, m: string) => void): void {
    const key = url.searchParams.get('key') ?? '';
    if (!this.hookKeys.has(key)) return refuse(93000, 'invalid webhook url');
    const invalid = checkHookMessage(json);
    if (invalid) return refuse(invalid.errcode, invalid.reason);
    if (!this.hookCaps.take(key)) return refuse(ERR_RATE_LIMIT, 'api freq out of limit');
    push(this.hookMessages, key, json);
    answer({ errcode: 0 });
  }
}

function push(map: Map<string, Json[]>, key: string, value: Json): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}
