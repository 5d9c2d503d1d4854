import type { Logger } from 'pino';
import { DEFAULT_API_BASE } from '../config.js';
import { ERR_BUSY, ERR_INVALID_TOKEN, ERR_TOKEN_EXPIRED, WeComApiError, apiError } from './errors.js';
import { MemoryTokenCache, type TokenCache } from './token-cache.js';

export interface AppTemplateCard {
  card_type: 'button_interaction';
  main_title: { title: string };
  button_list: { text: string; key: string; style?: number }[];
  task_id: string;
}

export type AppMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'template_card'; template_card: AppTemplateCard };

export interface WeComApiOptions {
  corpId: string;
  agentId: number;
  secret: string;
  baseUrl?: string;
  tokens?: TokenCache;
  /** Waits before each retry of errcode -1 (system busy); at most this many retries. */
  busyRetryDelaysMs?: number[];
  /** Per HTTP request; a hung connection must not hold a reminder forever. */
  timeoutMs?: number;
  logger?: Logger;
}

interface Request {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

type Json = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** Refresh this long before WeCom says the token expires, so no call races the expiry. */
const REFRESH_MARGIN_SECONDS = 300;

/**
 * The self-built app's server API. Branches on errcode only: 40014/42001 refresh the token and
 * retry once, -1 retries with back-off, 45009 surfaces as WeComRateLimitError.
 */
export class WeComApiClient {
  private readonly baseUrl: string;
  private readonly tokens: TokenCache;
  private readonly tokenKey: string;
  private refreshing?: Promise<string>;

  constructor(private readonly opts: WeComApiOptions) {
    this.baseUrl = (opts.baseUrl ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    this.tokens = opts.tokens ?? new MemoryTokenCache();
    this.tokenKey = `${opts.corpId}:${opts.agentId}`;
  }

  get agentId(): number {
    return this.opts.agentId;
  }

  async accessToken(): Promise<string> {
    const cached = await this.tokens.get(this.tokenKey);
    if (cached) return cached;
    // One gettoken per process at a time; the cache spreads the result to other instances.
    this.refreshing ??= this.fetchToken().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async sendMessage(to: { touser: string[] }, message: AppMessage): Promise<Json> {
    return this.authed('message/send', {
      method: 'POST',
      json: { touser: to.touser.join('|'), agentid: this.opts.agentId, safe: 0, ...message },
    });
  }

  /** Only reaches group chats this app created with appchat/create. */
  async sendAppChat(chatid: string, message: Exclude<AppMessage, { msgtype: 'template_card' }>): Promise<Json> {
    return this.authed('appchat/send', { method: 'POST', json: { chatid, safe: 0, ...message } });
  }

  /** Greys out the clicked button of a template card (response_code comes with the click event). */
  async replaceCardButton(userids: string[], responseCode: string, replaceName: string): Promise<Json> {
    return this.authed('message/update_template_card', {
      method: 'POST',
      json: { userids, agentid: this.opts.agentId, response_code: responseCode, button: { replace_name: replaceName } },
    });
  }

  async uploadMedia(type: 'image' | 'file', data: Uint8Array, fileName: string, mime: string): Promise<string> {
    const form = new FormData();
    form.append('media', new Blob([data], { type: mime }), fileName);
    const res = await this.authed('media/upload', { method: 'POST', query: { type }, form });
    return String(res.media_id);
  }

  async getMedia(mediaId: string): Promise<{ data: Uint8Array; mime?: string; fileName?: string }> {
    let file: { data: Uint8Array; mime?: string; fileName?: string } | undefined;
    await this.authed('media/get', { method: 'GET', query: { media_id: mediaId } }, async (res) => {
      const data = new Uint8Array(await res.arrayBuffer());
      const mime = res.headers.get('content-type') ?? undefined;
      // Errors come back as JSON; media comes back as bytes.
      if (mime?.includes('json') || startsWithErrcode(data)) return JSON.parse(new TextDecoder().decode(data)) as Json;
      const disposition = res.headers.get('content-disposition') ?? '';
      file = { data, mime, fileName: /filename="?([^";]+)"?/.exec(disposition)?.[1] };
      return { errcode: 0 };
    });
    return file!;
  }

  private async fetchToken(): Promise<string> {
    const res = await this.withBusyRetry('gettoken', { method: 'GET', query: { corpid: this.opts.corpId, corpsecret: this.opts.secret } });
    const token = String(res.access_token);
    const ttl = Math.max(60, Number(res.expires_in ?? 7200) - REFRESH_MARGIN_SECONDS);
    await this.tokens.set(this.tokenKey, token, ttl);
    return token;
  }

  private async authed(api: string, req: Request, read?: (res: Response) => Promise<Json>): Promise<Json> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.accessToken();
      try {
        return await this.withBusyRetry(api, { ...req, query: { ...req.query, access_token: token } }, read);
      } catch (err) {
        const stale = err instanceof WeComApiError && (err.errcode === ERR_INVALID_TOKEN || err.errcode === ERR_TOKEN_EXPIRED);
        if (!stale || refreshed) throw err;
        this.opts.logger?.info({ api }, 'WeCom access_token rejected, refreshing');
        await this.tokens.delete(this.tokenKey);
      }
    }
  }

  private async withBusyRetry(api: string, req: Request, read: (res: Response) => Promise<Json> = readJson): Promise<Json> {
    const delays = this.opts.busyRetryDelaysMs ?? [500, 1000, 2000];
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(this.url(api, req.query), {
        method: req.method,
        body: req.form ?? (req.json === undefined ? undefined : JSON.stringify(req.json)),
        headers: req.json === undefined ? undefined : { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`WeCom ${api} failed: HTTP ${res.status}`);
      const body = await read(res);
      const errcode = body.errcode ?? 0;
      if (errcode === 0) return body;
      if (errcode === ERR_BUSY && attempt < delays.length) {
        this.opts.logger?.warn({ api, attempt: attempt + 1 }, 'WeCom busy (-1), retrying');
        await new Promise((r) => setTimeout(r, delays[attempt]));
        continue;
      }
      throw apiError(api, errcode, body.errmsg);
    }
  }

  private url(api: string, query: Record<string, string> = {}): string {
    return `${this.baseUrl}/${api}?${new URLSearchParams(query)}`;
  }
}

async function readJson(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

function startsWithErrcode(data: Uint8Array): boolean {
  return new TextDecoder().decode(data.subarray(0, 16)).replace(/\s/g, '').startsWith('{"errcode"');
}
