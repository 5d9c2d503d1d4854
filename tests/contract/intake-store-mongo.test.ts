import { describe } from 'vitest';
import { createMongoIntakeStores } from '../../stores/mongo/intake-stores.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { intakeStoreContract } from './intake-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('intake store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'intake');
  intakeStoreContract('MongoDB', async () => createMongoIntakeStores(database()));
}
