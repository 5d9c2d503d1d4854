import type { ChatPort, Clock } from '../domain/index.js';
import {
  createBullScheduler,
  createDeadlineService,
  createEmbeddedScheduler,
  loadTaskPlan,
  type DeadlineService,
  type EmbeddedScheduler,
} from '../jobs/index.js';
import { createMongoJobStores } from '../stores/mongo/jobs-stores.js';
import { createSqliteJobStores } from '../stores/sqlite/jobs-stores.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

/** The service, plus the embedded scheduler when it runs here (tests call `runDue()` after moving a fake clock). */
export type StartedDeadlines = DeadlineService & { embedded?: EmbeddedScheduler };

/**
 * Deadlines and reminders: BullMQ when REDIS_URL is set, else the embedded scheduler whose table
 * lives in the same store as the cases. The 2026 plan is synced at start, and the open cases whose rungs can
 * fall before the first daily sweep are re-planned (the rest were planned when their deadline was set).
 */
export async function startDeadlines(
  config: AppConfig,
  stores: OpenedStores,
  chat: ChatPort,
  clock: Clock,
  log: Logger,
): Promise<StartedDeadlines> {
  const jobStores = stores.kind === 'mongo' ? await createMongoJobStores(stores.db) : createSqliteJobStores(stores.db);
  const embedded = config.redisUrl ? undefined : createEmbeddedScheduler({ items: jobStores.scheduledItems, clock });
  const scheduler = embedded ?? createBullScheduler({ redisUrl: config.redisUrl!, ratePerSec: config.jobs.sendRatePerSec, logger: log });
  const service = createDeadlineService({
    scheduler,
    cases: stores.cases,
    towns: stores.towns,
    identities: stores.identities,
    deliveries: jobStores.deliveries,
    tasks: jobStores.tasks,
    chat,
    clock,
    config: config.jobs,
    logger: log,
    locale: config.defaultLocale,
  });
  const townIds = (await stores.towns.list()).map((t) => t.id);
  await service.syncTaskPlan(await loadTaskPlan(townIds, clock.now()));
  await service.start();
  await service.sweep();
  return Object.assign(service, { embedded });
}
