import type { Hono } from 'hono';
import { createAlertApi, type DeviceLimiter } from '../bot/alerts/routes.js';
import type { IntakeStores } from '../domain/alerts.js';
import { createAlertService, type AlertService } from '../handlers/alerts/service.js';
import type { HandlerDeps } from '../handlers/index.js';
import type { AppConfig } from './config.js';

/**
 * AI 预警 intake: the service and its HTTP API under `/api` (alerts and the OpenAPI document), only when
 * ALERT_SIGNING_KEY is configured. Mounted before the web chat, whose middleware would claim `/api/*`.
 */
export function openAlerts(config: AppConfig, core: HandlerDeps, intake: IntakeStores) {
  // Per device, on the app's rate-limit port (survives restarts, shared by replicas).
  const limiter: DeviceLimiter | undefined =
    config.alerts && core.rateLimits?.limiter('alert-device', { points: config.alerts.perMinute, durationMs: 60_000 });
  const alerts: AlertService | undefined = config.alerts
    ? createAlertService(core, intake, { serverKey: config.alerts.serverKey, dedupWindowMs: config.alerts.dedupWindowMs })
    : undefined;
  return {
    alerts,
    mount(http: Hono): void {
      if (!alerts) return;
      http.route(
        '/api',
        createAlertApi({
          alerts,
          clock: core.clock,
          log: core.log,
          maxSnapshotBytes: config.uploads.maxBytes,
          limiter,
          publicUrl: config.http.publicUrl,
        }),
      );
    },
  };
}
