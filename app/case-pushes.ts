import type { ChatPort, Clock } from '../domain/index.js';
import type { DeliveryLog } from '../domain/reminders.js';
import { createCasePushOutbox, type CasePushOutbox } from '../jobs/case-push-outbox.js';
import { createDelivery, type DeliveryOptions } from '../jobs/delivery.js';
import { createSqliteCaseOutbox } from '../stores/sqlite/case-outbox.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

/** The outbox of case-change pushes in the cases' own store, sending through the jobs' delivery log; swept here. */
export async function startCasePushes(
  stores: OpenedStores,
  deliveries: DeliveryLog,
  chat: ChatPort,
  clock: Clock,
  log: Logger,
  onOutcome?: DeliveryOptions['onOutcome'],
): Promise<CasePushOutbox> {
  const outbox =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/case-outbox.js')).createMongoCaseOutbox(stores.db)
      : createSqliteCaseOutbox(stores.db);
  const pushes = createCasePushOutbox({ outbox, cases: stores.cases, delivery: createDelivery({ log: deliveries, chat, clock, onOutcome }), clock, logger: log });
  pushes.start();
  return pushes;
}
