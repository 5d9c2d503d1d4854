import type { Hono } from 'hono';
import { createAlertApi, type DeviceLimiter } from '../bot/alerts/routes.js';
import { SlidingWindowLimiter } from '../bot/web/rate-limit.js';
import type { IntakeStores } from '../domain/alerts.js';
import { createAlertService, type AlertService } from '../handlers/alerts/service.js';
import type { HandlerDeps } from '../handlers/index.js';
import type { AppConfig } from './config.js';

/** One process's own count, for wiring without the rate-limit port (tests of the handlers alone). */
function fallback(core: HandlerDeps, perMinute: number): DeviceLimiter {
  const local = new SlidingWindowLimiter(perMinute, 60_000, () => core.clock.now().getTime());
  return { consume: async (key) => ({ allowed: local.allow(key), retryAfterMs: 60_000 }) };
}

/**
 * AI 预警 intake: the service and its HTTP API under `/api` (alerts and the OpenAPI document), only when
 * ALERT_SIGNING_KEY is configured. Mounted before the web chat, whose middleware would claim `/api/*`.
 */
export function openAlerts(config: AppConfig, core: HandlerDeps, intake: IntakeStores) {
  // Per device, on the shared rate-limit port when the app has one (survives restarts, shared by replicas).
  const perMinute = config.alerts?.perMinute ?? 60;
  const limiter: DeviceLimiter | undefined = core.rateLimits?.limiter('alert-device', { points: perMinute, durationMs: 60_000 }) ?? fallback(core, perMinute);
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
