import type { Db } from 'mongodb';
import type { JobStores } from '../../domain/reminders.js';
import { createMongoDeliveryLog } from './jobs-deliveries.js';
import { createMongoScheduledItems } from './jobs-scheduled-items.js';
import { createMongoTaskRepo } from './jobs-tasks.js';

/** The jobs' ports on a MongoDB (or FerretDB) database; creates their indexes. */
export const createMongoJobStores = async (db: Db): Promise<JobStores> => ({
  scheduledItems: await createMongoScheduledItems(db),
  deliveries: await createMongoDeliveryLog(db),
  tasks: await createMongoTaskRepo(db),
});
