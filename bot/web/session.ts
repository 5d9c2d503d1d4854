import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const COOKIE = 'zz_sid';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's web chat, once known: its rate limit, guard and handler must all name the same new session. */
    webChat: string;
  }
}

/** A new session id: for a first visit, and after login (so a session id seen before login is worthless after it). */
export function rotateSession(c: Context, secure: boolean): string {
  const sid = randomBytes(24).toString('base64url');
  setCookie(c, COOKIE, sid, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: 60 * 60 * 24 * 30 });
  const chat = `web:${sid}`;
  c.set('webChat', chat);
  return chat;
}

/** A web chat session is a random id in an HttpOnly cookie; its chat is `web:<id>`. */
export function sessionChat(c: Context, secure: boolean): string {
  const known = c.get('webChat');
  if (known) return known;
  const sid = getCookie(c, COOKIE);
  if (!sid || !/^[A-Za-z0-9_-]{32,64}$/.test(sid)) return rotateSession(c, secure);
  const chat = `web:${sid}`;
  c.set('webChat', chat);
  return chat;
}
