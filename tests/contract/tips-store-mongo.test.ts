import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMongoTipStores } from '../../stores/mongo/tips-stores.js';
import { serviceUrl } from '../support/requires.js';
import { tipsStoreContract } from './tips-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('tips store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const client = new MongoClient(url, { ignoreUndefined: true });
  // Latin names only (FerretDB); one random name per file, a fresh database per test.
  const run = `tips${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  tipsStoreContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return createMongoTipStores(client.db(name));
  });
}
