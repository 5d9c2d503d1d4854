import Database from 'better-sqlite3';
import { afterEach, describe } from 'vitest';
import { mongoNotificationRepo } from '../../stores/mongo/notifications.js';
import { sqliteNotificationRepo } from '../../stores/sqlite/notifications.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { notificationsContract } from './notifications.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));
notificationsContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return sqliteNotificationRepo(db);
});

const url = serviceUrl('MONGODB_URI');
if (!url) {
  describe.skip('notifications contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'ntf');
  notificationsContract('MongoDB', async () => mongoNotificationRepo(database()));
}
