import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { sessionChat } from '../../bot/web/session.js';
import { actorOf } from '../../handlers/context.js';
import { audit } from '../audit/record.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { to } from '../paths.js';
import { idleSpan, type IdleSessions } from './idle.js';

const safe = (m: string) => m === 'GET' || m === 'HEAD';

/**
 * The dashboard shares the web chat's session cookie (HttpOnly, SameSite=Strict, Secure when configured):
 * an official's session is the web chat whose `web:<sid>` is bound to their identity. Besides the origin
 * check (hono csrf, mounted first), every state-changing request must carry the session's CSRF token,
 * an HMAC of the session id, in a form field or header.
 */
export function sessionMiddleware(deps: DashboardDeps): MiddlewareHandler<DashEnv> {
  // One key for the deployment, kept in the store: a form opened on one replica posts to any other, also after a restart.
  let key: Promise<string> | undefined;
  const csrfKey = () => {
    key ??= deps.stores.sessions.secret('dashboard-csrf', randomBytes(32).toString('base64url'));
    key.catch(() => (key = undefined)); // a store hiccup at start is retried by the next request
    return key;
  };
  return async (c, next) => {
    const chat = sessionChat(c, deps.secureCookies);
    const token = createHmac('sha256', await csrfKey()).update(`dashboard-csrf:${chat}`).digest('base64url');
    c.set('chat', chat);
    c.set('csrfToken', token);
    if (safe(c.req.method)) return next();
    const form = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
    const sent = c.req.header('x-csrf-token') ?? form._csrf;
    if (typeof sent !== 'string' || !sameToken(sent, token)) return c.text('页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试。', 403);
    await next();
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where a session that sat idle too long is sent: the login page says why. */
export const IDLE_LOGIN = to('/login?idle=1');

/**
 * Officials with a live dashboard session only; workers and strangers go to the login page, and so does a
 * session idle for longer than `sessions.idleMs` (with a message, even from a form post). Every request that
 * passes refreshes the session. A first login must change its one-time password.
 */
export function requireOfficial(deps: DashboardDeps, sessions: IdleSessions): MiddlewareHandler<DashEnv> {
  return async (c, next) => {
    const chat = c.get('chat');
    const identity = await deps.core.stores.identities.byChat(chat);
    if (!identity || identity.role === 'worker') return loginRedirect(c);
    const state = await sessions.touch(chat);
    if (state === 'idle') {
      await audit(deps, c, 'logout', { detail: `超过${idleSpan(sessions.idleMs)}未操作，自动退出` }, identity);
      return c.redirect(IDLE_LOGIN, 303);
    }
    if (state === 'unknown') return loginRedirect(c);
    if (identity.mustChangePassword && identity.passwordHash && c.req.path !== to('/password')) {
      return c.redirect(to('/password'), 303);
    }
    c.set('official', { identity, actor: actorOf(identity, chat) });
    await next();
  };
}

function loginRedirect(c: Context) {
  if (!safe(c.req.method)) return c.text('login required', 401);
  return c.redirect(to('/login'), 303);
}
