import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMongoCaseOutbox } from '../../stores/mongo/case-outbox.js';
import { serviceUrl } from '../support/requires.js';
import { caseOutboxContract } from './case-outbox.contract.js';

const url = serviceUrl('MONGODB_URI'); // throws under CI=true when unset

if (!url) {
  describe.skip('case outbox contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const client = new MongoClient(url);
  // Latin names only (FerretDB); a fresh database per test.
  const run = `outbox${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  caseOutboxContract('MongoDB', async () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return createMongoCaseOutbox(client.db(name));
  });
}
