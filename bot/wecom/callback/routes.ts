import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { Outbound } from '../../../domain/index.js';
import type { ConversationHandler } from '../../../handlers/types.js';
import type { WeComApiClient } from '../api/client.js';
import type { AppSender } from '../api/outbound.js';
import { MemorySeenStore, type SeenStore } from '../seen-store.js';
import { KeyedSerial } from '../serial.js';
import { CallbackRejected, openCallback, type CallbackSecrets, type SignedQuery } from './crypto.js';
import { callbackToInbound, cardClickOf, dedupeKey, type Fields } from './inbound.js';
import { parseXmlFields } from './xml.js';
import { bodyLimit } from '../../web/body-limit.js';

export interface CallbackRouteOptions extends CallbackSecrets {
  /** Where WeCom posts (the URL set in the app's 接收消息 settings). */
  path?: string;
  handler: ConversationHandler;
  /** Downloads images the user sent (media/get). */
  api: Pick<WeComApiClient, 'getMedia'>;
  /** Replies go out through message/send, never as passive replies. */
  sender: AppSender;
  /** Shared (Redis) when several instances sit behind the callback URL. */
  seen?: SeenStore;
  logger: Logger;
  /** Signed timestamps older than this are refused as replays. */
  maxAgeSeconds?: number;
  now?: () => number;
  failureText?: string;
}

export interface CallbackRoutes {
  /** Resolves once every accepted callback has been handled (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Mounts WeCom's callback endpoint: GET answers URL verification, POST takes encrypted messages,
 * acknowledges at once with an empty 200 (WeCom retries after 5 s) and handles them afterwards.
 */
export function mountWeComCallback(app: Hono, opts: CallbackRouteOptions): CallbackRoutes {
  const path = opts.path ?? '/wecom/callback';
  const log = opts.logger.child({ channel: 'wecom-app' });
  const seen = opts.seen ?? new MemorySeenStore();
  const maxAge = opts.maxAgeSeconds ?? 3600;
  const now = opts.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  const perUser = new KeyedSerial();

  const refuse = (c: Context, err: unknown) => {
    if (!(err instanceof CallbackRejected)) throw err;
    log.warn({ reason: err.message }, 'WeCom callback refused');
    return c.text('', err.status);
  };

  app.get(path, (c) => {
    const q = signedQuery(c);
    const echostr = base64Param(c.req.query('echostr'));
    if (!q || !echostr) return c.text('', 400);
    try {
      // WeCom wants the bare plaintext: no quotes, no BOM, no newline.
      return c.text(openCallback(opts, q, echostr));
    } catch (err) {
      return refuse(c, err);
    }
  });

  // Callback bodies are a few hundred bytes (media arrives as a MediaId): refuse anything large unread.
  app.post(path, bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('', 413) }), async (c) => {
    const q = signedQuery(c);
    const envelope = parseXmlFields(await c.req.text());
    if (!q || !envelope?.Encrypt) return c.text('', 400);
    let fields: Fields | undefined;
    try {
      fields = parseXmlFields(openCallback(opts, q, envelope.Encrypt));
      const age = now() / 1000 - Number(q.timestamp);
      if (!(Math.abs(age) <= maxAge)) throw new CallbackRejected(403, 'stale or invalid timestamp');
    } catch (err) {
      return refuse(c, err);
    }
    if (!fields) return c.text('', 400);
    if (await firstDelivery(fields)) {
      const work = handle(fields).catch((err: unknown) => log.error({ err }, 'WeCom callback handling failed'));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
    return c.text('');
  });

  async function firstDelivery(fields: Fields): Promise<boolean> {
    try {
      // Kept longer than maxAge, so a replay inside the accepted window is always recognised.
      return await seen.firstTime(`callback:${dedupeKey(fields)}`, maxAge * 2);
    } catch (err) {
      log.warn({ err }, 'dedupe store unavailable; handling the callback anyway');
      return true;
    }
  }

  async function handle(fields: Fields): Promise<void> {
    const userid = fields.FromUserName;
    if (!userid) return;
    const click = cardClickOf(fields);
    if (click) await opts.sender.acknowledgeClick(userid, click).catch((err: unknown) => log.warn({ err }, 'card button not greyed out'));
    await perUser.run(userid, () => converse(userid, fields));
  }

  async function converse(userid: string, fields: Fields): Promise<void> {
    const inbound = callbackToInbound(fields, async (id) => (await opts.api.getMedia(id)).data);
    if (!inbound) return;
    let replies: Outbound[];
    try {
      replies = await opts.handler.handle(inbound);
    } catch (err) {
      log.error({ err }, 'handler failed on a WeCom app message');
      replies = [{ kind: 'text', text: opts.failureText ?? '抱歉，处理时出错了，请稍后再试。' }];
    }
    await opts.sender.toUser(userid, replies);
  }

  return {
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

function signedQuery(c: Context): SignedQuery | undefined {
  const signature = c.req.query('msg_signature');
  const timestamp = c.req.query('timestamp');
  const nonce = c.req.query('nonce');
  return signature && timestamp && nonce ? { signature, timestamp, nonce } : undefined;
}

/** A query decoder turns an unescaped `+` into a space; base64 never contains spaces, so undo it. */
function base64Param(value: string | undefined): string | undefined {
  return value?.replace(/ /g, '+');
}
