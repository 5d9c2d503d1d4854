import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { mongoExpertLoopRepo } from '../../stores/mongo/expert-loops.js';
import { sqliteExpertLoopRepo } from '../../stores/sqlite/expert-loops.js';
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
  const client = new MongoClient(url, { ignoreUndefined: true });
  const run = `exl${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  expertLoopsContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return mongoExpertLoopRepo(client.db(name));
  });
}
