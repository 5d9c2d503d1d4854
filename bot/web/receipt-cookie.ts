import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { RECEIPT_SESSION_MINUTES } from '../../handlers/tips/index.js';

const COOKIE = 'zz_receipt';

/**
 * A tipster's receipt session travels in its own cookie, sent to /media only: never in a URL (proxy logs,
 * history), never stored beside the chat session, so nothing on the server ties it to a chat or an account.
 */
export function setReceiptCookie(c: Context, session: string, secure: boolean): void {
  setCookie(c, COOKIE, session, { httpOnly: true, sameSite: 'Strict', secure, path: '/media', maxAge: RECEIPT_SESSION_MINUTES * 60 });
}

export const receiptCookie = (c: Context): string | undefined => getCookie(c, COOKIE);
