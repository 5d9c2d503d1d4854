import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by trustForwardedFor() from the hops the deployment's own proxies appended. */
    forwardedClient: string;
  }
}

/**
 * The client's address: the TCP peer, or the address the trusted proxies report (TRUST_PROXY hops).
 * 'unknown' when not served by @hono/node-server (app.request in tests).
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
 * Behind `hops` reverse proxies. Each proxy appends the address it received the request from, so the
 * entry `hops` places from the right is the client as our outermost proxy saw it; everything left of it
 * was written by the client and is ignored (forged entries cannot pick an address). With fewer entries
 * than hops the leftmost is the best there is. An entry that is not an IP address is ignored.
 */
export const trustForwardedFor =
  (hops: number): MiddlewareHandler =>
  async (c, next) => {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const pick = entries[Math.max(0, entries.length - hops)];
    if (pick && isIP(pick)) c.set('forwardedClient', pick);
    await next();
  };
