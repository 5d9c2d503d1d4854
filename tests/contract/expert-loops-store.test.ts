import Database from 'better-sqlite3';
import { afterEach, describe } from 'vitest';
import { mongoExpertLoopRepo } from '../../stores/mongo/expert-loops.js';
import { sqliteExpertLoopRepo } from '../../stores/sqlite/expert-loops.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { expertLoopsContract } from './expert-loops.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));
expertLoopsContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return sqliteExpertLoopRepo(db);
});

const url = serviceUrl('MONGODB_URI');
if (!url) {
  describe.skip('expert loops contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'exl');
  expertLoopsContract('MongoDB', async () => mongoExpertLoopRepo(database()));
}
