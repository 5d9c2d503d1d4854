import type { Hono } from 'hono';
import type { Clock } from '../domain/index.js';
import type { DashboardStores } from '../domain/dashboard.js';
import { createH5, H5_BASE } from '../bot/web/h5/index.js';
import { createDashboard, DASHBOARD_BASE, type DashboardDeps } from '../dashboard/index.js';
import type { HandlerDeps } from '../handlers/index.js';
import { dashboardLinkIssuer } from '../handlers/dashboard-link.js';
import { openSqliteDashboardStores } from '../stores/sqlite/dashboard-stores.js';
import type { AppConfig } from './config.js';
import type { OpenedStores } from './stores.js';

const rateLimitsOf = (core: HandlerDeps) => {
  if (!core.rateLimits) throw new Error('the H5 form needs rate limits (HandlerDeps.rateLimits)');
  return core.rateLimits;
};

/**
 * The officials' dashboard: its stores beside the main ones, the chat's `/dashboard` link issuer (only with a
 * PUBLIC_URL to put in links), the routes under DASHBOARD_BASE, and the H5 tip form its QR posters point to.
 */
export async function openDashboard(config: AppConfig, stores: OpenedStores, clock: Clock) {
  const dashboardStores: DashboardStores =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/dashboard-stores.js')).openMongoDashboardStores(stores.db)
      : openSqliteDashboardStores(stores.db);
  const publicUrl = config.http.publicUrl?.replace(/\/+$/, '');
  return {
    link: publicUrl
      ? dashboardLinkIssuer({ tokens: dashboardStores.loginTokens, dashboardUrl: `${publicUrl}${DASHBOARD_BASE}`, now: () => clock.now() })
      : undefined,
    /** Before the web chat's routes, whose middleware would otherwise claim these paths too. The H5 form needs the tip service. */
    mount(http: Hono, core: HandlerDeps, extra: Pick<DashboardDeps, 'alerts' | 'deliveries'> = {}): void {
      http.route(
        DASHBOARD_BASE,
        createDashboard({ core, stores: dashboardStores, secureCookies: config.http.secureCookies, publicUrl, ...extra }),
      );
      if (core.tips) {
        const { enterprises, towns } = core.stores;
        http.route(H5_BASE, createH5({ tips: core.tips, enterprises, towns, maxUploadBytes: config.uploads.maxBytes, limits: rateLimitsOf(core), log: core.log, secureCookies: config.http.secureCookies }));
      }
    },
  };
}
