import { describe } from 'vitest';
import { createMongoCaseOutbox } from '../../stores/mongo/case-outbox.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { caseOutboxContract } from './case-outbox.contract.js';

const url = serviceUrl('MONGODB_URI'); // throws under CI=true when unset

if (!url) {
  describe.skip('case outbox contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'outbox', {});
  caseOutboxContract('MongoDB', async () => createMongoCaseOutbox(database()));
}
