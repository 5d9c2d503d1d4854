import type { Context, MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { pinoLogger } from 'hono-pino';
import type { Logger } from './logger.js';
import { requestScope } from './request-scope.js';


/**
 * The route pattern of the handler that answered (call after `next()`), never the path itself: paths
 * carry one-time login tokens (/dashboard/login/:token), case numbers and media ids, and the query
 * string may carry more. Also the `route` label of /metrics.
 */
export const routeOf = (c: Context): string => routePath(c) || 'unmatched';

/**
 * Access log: hono's request-id middleware (an incoming X-Request-Id is kept when well-formed, and the id
 * is echoed in the response) and hono-pino's HTTP logger writing one line per request through the app's
 * logger (so its redaction applies). Only method, route pattern, status and time are logged: no headers
 * (cookies), no query, no body (tip text).
 */
export function accessLog(log: Logger): MiddlewareHandler {
  return every(
    requestId(),
    (c, next) => requestScope.run({ reqId: c.get('requestId') }, next),
    pinoLogger({
      pino: log,
      http: {
        referRequestIdKey: 'requestId',
        onReqBindings: (c) => ({ req: { method: c.req.method } }),
        onResBindings: (c) => ({ route: routeOf(c), res: { status: c.res.status } }),
        onResLevel: (c) => (c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'warn' : 'info'),
        onResMessage: () => 'request completed',
      },
    }),
  );
}
