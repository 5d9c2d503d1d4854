import type { Database } from 'better-sqlite3';
import type { JobStores } from '../../domain/reminders.js';
import { createSqliteDeliveryLog } from './jobs-deliveries.js';
import { createSqliteScheduledItems } from './jobs-scheduled-items.js';
import { createSqliteTaskRepo } from './jobs-tasks.js';

/** The jobs' ports on a better-sqlite3 handle (tables created if missing). */
export const createSqliteJobStores = (db: Database): JobStores => ({
  scheduledItems: createSqliteScheduledItems(db),
  deliveries: createSqliteDeliveryLog(db),
  tasks: createSqliteTaskRepo(db),
});
