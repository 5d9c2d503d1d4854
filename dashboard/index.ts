import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { webSecurityHeaders } from '../bot/web/security-headers.js';
import { isDomainError, MAX_PHOTOS } from '../domain/index.js';
import { errorText } from '../handlers/errors.js';
import { translator } from '../locales/index.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { IdleSessions } from './auth/idle.js';
import { requireOfficial, sessionMiddleware } from './auth/session.js';
import { caseRoutes } from './cases/routes.js';
import type { DashboardDeps, DashEnv } from './deps.js';
import { enterpriseRoutes, ledgerBodyLimit } from './enterprises/routes.js';
import { expertRoutes } from './experts/routes.js';
import { homeRoutes } from './home.js';
import { page } from './html/layout.js';
import { to } from './paths.js';
import { posterRoutes } from './posters/routes.js';
import { statsRoutes } from './stats/routes.js';
import { deviceRoutes } from './devices/routes.js';
import { tipIntakeRoutes } from './tips/routes.js';
import { bodyLimit } from '../bot/web/body-limit.js';

export type { DashboardDeps } from './deps.js';
export { DASHBOARD_BASE } from './paths.js';

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));
const t = translator('zh-CN');

const statusOf = (code: string) =>
  code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' || code === 'WRONG_TOWN' ? 403 : code === 'VERSION_CONFLICT' ? 409 : code === 'RATE_LIMITED' ? 429 : 400;

/** The officials' dashboard, to be mounted at DASHBOARD_BASE (`/dashboard`). */
export function createDashboard(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const assets = { css: asset('dashboard.css'), js: asset('dashboard.js') };

  app.use(webSecurityHeaders());
  app.use(async (c, next) => {
    await next();
    // Pages carry names and case details: never kept in shared caches or the back-forward cache of a shared PC.
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  });
  // Body limits come before the CSRF check, which reads the body: the cap of a case form with its photos,
  // and a tighter one for ledgers.
  const maxMb = Math.floor(deps.core.photoLimits.maxBytes / 2 ** 20);
  app.use(bodyLimit({ maxSize: deps.core.photoLimits.maxBytes * MAX_PHOTOS + 64 * 1024, onError: (c) => c.text(t('error.MEDIA_TOO_LARGE', { maxMb }), 413) }));
  app.use('/enterprises/import', ledgerBodyLimit);
  app.use(csrf());
  app.use(sessionMiddleware(deps));

  app.get('/assets/dashboard.css', (c) => c.body(assets.css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  app.get('/assets/dashboard.js', (c) => c.body(assets.js, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  const sessions = new IdleSessions(deps.stores.sessions, deps.core.clock, deps.idleTimeoutMs);
  app.route('/', authRoutes(deps, sessions));
  const official = requireOfficial(deps, sessions);
  const sections: [string, Hono<DashEnv>][] = [
    ['/cases', caseRoutes(deps)],
    ['/enterprises', enterpriseRoutes(deps)],
    ['/stats', statsRoutes(deps)],
    ['/posters', posterRoutes(deps)],
    ['/audit', auditRoutes(deps)],
    ['/tips', tipIntakeRoutes(deps)],
    ['/devices', deviceRoutes(deps)],
    ['/experts', expertRoutes(deps)],
  ];
  for (const [path, routes] of sections) {
    app.use(path, official);
    app.use(`${path}/*`, official);
    app.route(path, routes);
  }
  app.use('/', official);
  app.route('/', homeRoutes(deps));

  app.onError((e, c) => {
    if (e instanceof HTTPException) return e.getResponse();
    const message = errorText(e, t);
    if (isDomainError(e) && message) {
      const text = e.code === 'NOT_FOUND' ? '没有找到该记录，或您无权查看。' : message;
      return page(c, '无法完成', html`<p><a href="${to()}">返回首页</a></p>`, { error: text, status: statusOf(e.code) });
    }
    const ref = randomUUID().slice(0, 8);
    deps.core.log.error({ err: e instanceof Error ? e.stack : String(e), ref, path: c.req.path }, 'dashboard request failed');
    return page(c, '系统错误', html``, { error: `系统出了点问题，请稍后重试（编号 ${ref}）。`, status: 500 });
  });

  return app;
}
