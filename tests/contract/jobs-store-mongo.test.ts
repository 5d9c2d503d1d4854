import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMongoJobStores } from '../../stores/mongo/jobs-stores.js';
import { serviceUrl } from '../support/requires.js';
import { jobsStoreContract } from './jobs-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('jobs store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const client = new MongoClient(url);
  // Latin names only (FerretDB); one database per file, a fresh one per test.
  const run = `jobs${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  jobsStoreContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return createMongoJobStores(client.db(name));
  });
}
