import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMongoIntakeStores } from '../../stores/mongo/intake-stores.js';
import { serviceUrl } from '../support/requires.js';
import { intakeStoreContract } from './intake-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('intake store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const client = new MongoClient(url, { ignoreUndefined: true });
  const run = `intake${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  intakeStoreContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return createMongoIntakeStores(client.db(name));
  });
}
