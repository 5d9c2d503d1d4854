import type { ChatPort, Clock } from '../domain/index.js';
import type { DeliveryLog } from '../domain/reminders.js';
// Straight from the modules, not jobs/index.js: BullMQ (and the MongoDB driver) load only when configured.
import { createDeadlineService, type DeadlineService } from '../jobs/deadline-service.js';
import type { DeadlineServiceDeps } from '../jobs/deps.js';
import { loadTaskPlan } from '../jobs/plan/task-plan.js';
import { createEmbeddedScheduler, type EmbeddedScheduler } from '../jobs/scheduler/embedded.js';
import { createSqliteJobStores } from '../stores/sqlite/jobs-stores.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

/** The service, plus the embedded scheduler when it runs here (tests call `runDue()` after moving a fake clock). */
export type StartedDeadlines = DeadlineService & {
  embedded?: EmbeddedScheduler;
  deliveries: DeliveryLog;
  /** Syncs the 2026 plan's tasks and runs the start-up sweep: seconds on a large store, so it runs after listening. */
  catchUp(): Promise<void>;
};

/**
 * Deadlines and reminders: BullMQ when REDIS_URL is set, else the embedded scheduler whose table
 * lives in the same store as the cases. `catchUp()` syncs the 2026 plan and re-plans the open cases whose rungs
 * can fall before the first daily sweep (the rest were planned when their deadline was set).
 */
export async function startDeadlines(
  config: AppConfig,
  stores: OpenedStores,
  chat: ChatPort,
  clock: Clock,
  log: Logger,
  onDelivery?: DeadlineServiceDeps['onDelivery'],
): Promise<StartedDeadlines> {
  const jobStores =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/jobs-stores.js')).createMongoJobStores(stores.db)
      : createSqliteJobStores(stores.db);
  const embedded = config.redisUrl ? undefined : createEmbeddedScheduler({ items: jobStores.scheduledItems, clock });
  const scheduler =
    embedded ??
    (await import('../jobs/scheduler/bullmq.js')).createBullScheduler({
      redisUrl: config.redisUrl!,
      ratePerSec: config.jobs.sendRatePerSec,
      logger: log,
    });
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
    onDelivery,
  });
  await service.start();
  const catchUp = async () => {
    const townIds = (await stores.towns.list()).map((t) => t.id);
    await service.syncTaskPlan(await loadTaskPlan(townIds, clock.now()));
    await service.sweep();
  };
  return Object.assign(service, { embedded, deliveries: jobStores.deliveries, catchUp });
}
