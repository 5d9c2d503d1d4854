import { readFileSync } from 'node:fs';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import type { CaseRepo, Inbound, MediaStore } from '../../domain/index.js';
import type { RateLimits } from '../../domain/rate-limit.js';
import type { ConversationHandler } from '../../handlers/index.js';
import { changePassword, type AccountDeps, type LoginGuard } from '../../handlers/accounts.js';
import { MAX_INBOUND_TEXT } from '../../handlers/inbound-text.js';
import { translator } from '../../locales/index.js';
import { clientAddress } from './client-address.js';
import type { WebInbox } from './inbox.js';
import { loginErrorText } from './login-messages.js';
import { mayViewPhoto } from './media-access.js';
import { receiptCookie, setReceiptCookie } from './receipt-cookie.js';
import { receiptSessionOf, renderForWeb } from './render.js';
import { webSecurityHeaders } from './security-headers.js';
import { rotateSession, sessionChat } from './session.js';
import { bodyLimit } from './body-limit.js';

export interface WebChatDeps {
  handler: ConversationHandler;
  media: MediaStore;
  cases: Pick<CaseRepo, 'getByNumber'>;
  /** The before-photos a tipster's receipt session may fetch (TipService.receiptPhotoIds); none without tips. */
  receiptPhotoIds: (session: string) => Promise<string[]>;
  accounts: AccountDeps;
  /** Password login behind the store-backed limits (handlers/accounts.ts loginGuard). */
  login: LoginGuard;
  inbox: WebInbox;
  /** Chat posts per session, counted where every replica sees them (domain/rate-limit.ts). */
  rateLimits: RateLimits;
  maxUploadBytes: number;
  secureCookies: boolean;
  /** `/healthz` (store, Redis, channels) and `/readyz` (started, not draining, store and Redis answer); 503 when not ok. */
  health: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
  ready: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));

const chatBody = z.discriminatedUnion('kind', [
  // Length and blank text are judged by the handler (one answer for every channel).
  z.object({ kind: z.literal('text'), text: z.string().max(MAX_INBOUND_TEXT * 4) }),
  z.object({ kind: z.literal('choice'), value: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('location'), lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), label: z.string().max(200).optional() }),
]);

const MAX_FILES = 9;
/** A chat message as JSON: the longest text allowed, in UTF-8, plus room for the envelope. */
const MAX_CHAT_BODY = MAX_INBOUND_TEXT * 4 + 4 * 1024;

/** The local web chat: the page at `/`, its JSON API, photo uploads, `/healthz` and `/readyz`. */
export function createWebChat(deps: WebChatDeps): Hono {
  const app = new Hono();
  const pages = { html: asset('index.html'), js: asset('app.js'), css: asset('style.css') };
  const limiter = deps.rateLimits.limiter('web-chat', { points: 30, durationMs: 10_000 });
  const t = translator('zh-CN');

  app.use(webSecurityHeaders());
  app.use('/api/*', csrf());
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'POST' && !(await limiter.consume(sessionChat(c, deps.secureCookies))).allowed) {
      return c.json({ error: t('error.RATE_LIMITED') }, 429);
    }
    await next();
  });

  for (const [path, probe] of [['/healthz', deps.health], ['/readyz', deps.ready]] as const) {
    app.get(path, async (c) => {
      const r = await probe();
      return c.json(r.body, r.ok ? 200 : 503, { 'cache-control': 'no-store' });
    });
  }
  app.get('/', (c) => c.body(pages.html, 200, { 'content-type': 'text/html; charset=utf-8' }));
  app.get('/app.js', (c) => c.body(pages.js, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/style.css', (c) => c.body(pages.css, 200, { 'content-type': 'text/css; charset=utf-8' }));

  const reply = async (c: Context, inbound: Inbound) => {
    const out = await deps.handler.handle(inbound);
    const session = receiptSessionOf(out);
    if (session) setReceiptCookie(c, session, deps.secureCookies);
    return c.json({ messages: renderForWeb(out) });
  };

  // A first login must replace its one-time password before the chat does anything else for it.
  const passwordChanged: MiddlewareHandler = async (c, next) => {
    const identity = await deps.accounts.identities.byChat(sessionChat(c, deps.secureCookies));
    if (identity?.mustChangePassword && identity.passwordHash) return c.json({ error: t('web.mustChangePassword'), mustChangePassword: true }, 403);
    await next();
  };
  app.use('/api/chat/*', passwordChanged); // Hono's /* covers /api/chat itself: one identity read per request

  // Refused by Content-Length (or while streaming) before any JSON is parsed.
  const jsonLimit = bodyLimit({
    maxSize: MAX_CHAT_BODY,
    onError: (c) => c.json({ error: t('input.textTooLong', { length: Number(c.req.header('content-length') ?? MAX_CHAT_BODY), max: MAX_INBOUND_TEXT }), limitBytes: MAX_CHAT_BODY }, 413),
  });

  app.post('/api/chat', jsonLimit, async (c) => {
    const parsed = chatBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: t('error.INVALID_INPUT') }, 400);
    const chat = sessionChat(c, deps.secureCookies);
    return reply(c, { chat, ...parsed.data });
  });

  app.post(
    '/api/chat/photos',
    bodyLimit({
      maxSize: deps.maxUploadBytes * MAX_FILES + 64 * 1024,
      onError: (c) => c.json({ error: t('error.MEDIA_TOO_LARGE', { maxMb: Math.floor(deps.maxUploadBytes / 2 ** 20) }), limitBytes: deps.maxUploadBytes * MAX_FILES }, 413),
    }),
    async (c) => {
      const form = await c.req.parseBody({ all: true }).catch(() => null);
      const files = ([] as unknown[]).concat(form?.photos ?? []).filter((f): f is File => f instanceof File);
      if (files.length === 0) return c.json({ error: t('error.UNSUPPORTED_MEDIA') }, 400);
      const maxMb = Math.floor(deps.maxUploadBytes / 2 ** 20);
      if (files.some((f) => f.size > deps.maxUploadBytes)) return c.json({ error: t('error.MEDIA_TOO_LARGE', { maxMb }), limitBytes: deps.maxUploadBytes }, 413);
      const chat = sessionChat(c, deps.secureCookies);
      const caption = typeof form?.caption === 'string' ? form.caption : undefined;
      // Over-long selections still reach the handler, which keeps the first ones and explains the limit.
      return reply(c, {
        chat,
        kind: 'photo',
        caption,
        media: files.map((f) => ({
          fileName: f.name,
          declaredMime: f.type,
          sizeHint: f.size,
          download: async () => new Uint8Array(await f.arrayBuffer()),
        })),
      });
    },
  );

  // `ack`: the cursor of the page's last poll; whatever it did not acknowledge comes again.
  app.get('/api/inbox', async (c) => {
    const ack = Number(c.req.query('ack') ?? 0);
    const batch = await deps.inbox.take(sessionChat(c, deps.secureCookies), Number.isSafeInteger(ack) && ack > 0 ? ack : 0);
    return c.json({ messages: renderForWeb(batch.messages), cursor: batch.cursor });
  });

  app.get('/api/me', async (c) => {
    const identity = await deps.accounts.identities.byChat(sessionChat(c, deps.secureCookies));
    return c.json(
      identity
        ? { loggedIn: identity.role !== 'worker', name: identity.displayName, role: identity.role, mustChangePassword: !!identity.mustChangePassword }
        : { loggedIn: false },
    );
  });

  app.post('/api/login', async (c) => {
    const body = z.object({ username: z.string().min(1), password: z.string().min(1) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: t('web.loginMissing') }, 400);
    // Refused before any hashing, and told apart from a missing field.
    if (body.data.username.length > 64 || body.data.password.length > 256) return c.json({ error: t('web.loginTooLong') }, 400);
    try {
      const identity = await deps.login(body.data.username, body.data.password, clientAddress(c));
      const chat = rotateSession(c, deps.secureCookies);
      await deps.accounts.identities.bind(chat, identity.id);
      return c.json({ name: identity.displayName, role: identity.role, mustChangePassword: !!identity.mustChangePassword });
    } catch (e) {
      const refused = loginErrorText(e, t);
      if (refused) return c.json({ error: refused.text }, refused.status);
      throw e;
    }
  });

  app.post('/api/logout', async (c) => {
    await deps.accounts.identities.unbind(sessionChat(c, deps.secureCookies));
    rotateSession(c, deps.secureCookies);
    return c.json({ ok: true });
  });

  app.post('/api/password', async (c) => {
    const body = z.object({ current: z.string().min(1).max(256), next: z.string().max(256) }).safeParse(await c.req.json().catch(() => null));
    const identity = await deps.accounts.identities.byChat(sessionChat(c, deps.secureCookies));
    if (!identity) return c.json({ error: t('error.FORBIDDEN') }, 401);
    if (!body.success) return c.json({ error: t('web.passwordMissing') }, 400);
    try {
      await changePassword(deps.accounts, identity, body.data.current, body.data.next);
      return c.json({ ok: true });
    } catch (e) {
      const refused = loginErrorText(e, t);
      if (refused) return c.json({ error: refused.text }, refused.status);
      throw e;
    }
  });

  // Only to someone who may see the photo's case (the case is named in the link), or to the tipster whose
  // receipt session covers the photo (before-photos of that one case). Unknown and refused look alike.
  app.get('/media/:id', async (c) => {
    const id = c.req.param('id');
    const receipt = receiptCookie(c);
    const mayTipster = async () => !!receipt && (await deps.receiptPhotoIds(receipt)).includes(id);
    const mayOfficial = async () =>
      mayViewPhoto(deps.cases, await deps.accounts.identities.byChat(sessionChat(c, deps.secureCookies)), sessionChat(c, deps.secureCookies), id, c.req.query('case'));
    const allowed = (await mayTipster()) || (await mayOfficial());
    const m = allowed ? await deps.media.get(id) : null;
    if (!m) return c.json({ error: t('web.mediaForbidden') }, 403);
    return c.body(Buffer.from(m.data), 200, { 'content-type': m.ref.mime, 'cache-control': 'private, no-store' });
  });

  return app;
}
