import type { Actor, Identity } from '../domain/index.js';
import type { DashboardStores } from '../domain/dashboard.js';
import type { DeliveryLog } from '../domain/reminders.js';
import type { AlertService } from '../handlers/alerts/service.js';
import type { HandlerDeps } from '../handlers/index.js';

export interface DashboardDeps {
  /** The handlers' dependencies: the dashboard is one more edge over the same stores, clock, hooks and pushes. */
  core: HandlerDeps;
  /** Login links, audit log, rating history (stores/{sqlite,mongo}/dashboard-stores.ts). */
  stores: DashboardStores;
  secureCookies: boolean;
  /** Base of the links printed on QR posters; the request's own origin when absent. */
  publicUrl?: string;
  /** A dashboard session ends after this long without a request, on `core.clock` (default 2 hours). */
  idleTimeoutMs?: number;
  /** AI 预警 devices (admins issue their credentials); absent when the alert API is off. */
  alerts?: AlertService;
  /** Reminder deliveries, to show the ones the platforms refused for good on a case. */
  deliveries?: Pick<DeliveryLog, 'list'>;
}

export interface Official {
  identity: Identity;
  actor: Actor;
}

export type DashEnv = {
  Variables: {
    /** The web session's chat (`web:<sid>`), shared with the web chat. */
    chat: string;
    csrfToken: string;
    official: Official;
  };
};
