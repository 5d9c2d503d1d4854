import type { Context, MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { caseStatuses, type CaseRepo } from '../domain/index.js';
import type { DeliveryOutcome } from '../jobs/delivery.js';
import type { ChannelHealth, ChannelState } from './channel-health.js';
import { routeOf } from './request-logging.js';

const CHANNEL_STATES: readonly ChannelState[] = ['connected', 'standby', 'kicked', 'failed', 'disabled'];

export interface AppMetrics {
  /** Counts and times every request (mount before the routes). */
  middleware: MiddlewareHandler;
  /** The Prometheus text exposition (GET /metrics). */
  handler: (c: Context) => Promise<Response>;
  delivery(outcome: DeliveryOutcome | 'failed'): void;
}

/**
 * Prometheus metrics with prom-client, one registry per app: HTTP requests (count and latency by
 * method, route pattern and status), cases by status and channel states (read at scrape time),
 * reminder deliveries by outcome, and the process defaults (memory, CPU, event-loop lag).
 */
export function createMetrics(deps: { cases: CaseRepo; channels: ChannelHealth }): AppMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [register] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  new Gauge({
    name: 'zz_cases',
    help: 'Cases by workflow status',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      const counts = await Promise.all(caseStatuses.map((s) => deps.cases.count({ status: [s] })));
      caseStatuses.forEach((s, i) => this.set({ status: s }, counts[i]!));
    },
  });
  const deliveries = new Counter({
    name: 'zz_reminder_deliveries_total',
    help: 'Reminder and notice deliveries to one chat, by outcome (failed ones are retried)',
    labelNames: ['outcome'] as const,
    registers: [register],
  });
  new Gauge({
    name: 'zz_channel_state',
    help: 'Chat channel connection state in this process (1 for the current state)',
    labelNames: ['channel', 'state'] as const,
    registers: [register],
    collect() {
      for (const [channel, entry] of Object.entries(deps.channels.snapshot())) {
        for (const state of CHANNEL_STATES) this.set({ channel, state }, entry.state === state ? 1 : 0);
      }
    },
  });

  return {
    async middleware(c, next) {
      const stop = latency.startTimer();
      await next();
      const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) };
      stop(labels);
      requests.inc(labels);
    },
    async handler(c) {
      return c.body(await register.metrics(), 200, { 'content-type': register.contentType });
    },
    delivery: (outcome) => deliveries.inc({ outcome }),
  };
}
