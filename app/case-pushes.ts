import type { ChatPort, Clock } from '../domain/index.js';
import type { DeliveryLog } from '../domain/reminders.js';
import { createCasePushOutbox, type CasePushOutbox, type CasePushOutboxDeps } from '../jobs/case-push-outbox.js';
import { createDelivery, type DeliveryOptions } from '../jobs/delivery.js';
import { createSqliteCaseOutbox } from '../stores/sqlite/case-outbox.js';
import type { Logger } from './logger.js';
import type { OpenedStores } from './stores.js';

/**
 * The outbox of case-change pushes and notices in the cases' own store, sending pushes through the jobs' delivery log
 * and notices through `followUp` (the handlers). Its sweeper starts with `start()`, once the handlers are there.
 */
export async function openCasePushes(
  stores: OpenedStores,
  deliveries: DeliveryLog,
  chat: ChatPort,
  clock: Clock,
  log: Logger,
  followUp: Pick<CasePushOutboxDeps, 'notify' | 'tipMoved'>,
  onOutcome?: DeliveryOptions['onOutcome'],
): Promise<CasePushOutbox> {
  const outbox =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/case-outbox.js')).createMongoCaseOutbox(stores.db)
      : createSqliteCaseOutbox(stores.db);
  return createCasePushOutbox({ outbox, cases: stores.cases, delivery: createDelivery({ log: deliveries, chat, clock, onOutcome }), ...followUp, clock, logger: log });
}
