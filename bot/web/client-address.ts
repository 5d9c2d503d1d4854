import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by trustForwardedFor() when a trusted reverse proxy names the client. */
    forwardedClient: string;
  }
}

/**
 * The client's address: the TCP peer, or the proxy-reported client when the deployment trusts its
 * reverse proxy (TRUST_PROXY). 'unknown' when not served by @hono/node-server (app.request in tests).
 */
export function clientAddress(c: Context): string {
  const forwarded = c.get('forwardedClient');
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Behind nginx every request comes from the proxy; without this, per-address limits would throttle
 * all users together. Only for deployments whose proxy sets X-Forwarded-For: otherwise it is forgeable.
 */
export const trustForwardedFor = (): MiddlewareHandler => async (c, next) => {
  const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (first && first.length <= 64) c.set('forwardedClient', first);
  await next();
};
