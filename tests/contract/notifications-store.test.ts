import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { mongoNotificationRepo } from '../../stores/mongo/notifications.js';
import { sqliteNotificationRepo } from '../../stores/sqlite/notifications.js';
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
  const client = new MongoClient(url, { ignoreUndefined: true });
  const run = `ntf${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  notificationsContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return mongoNotificationRepo(client.db(name));
  });
}
