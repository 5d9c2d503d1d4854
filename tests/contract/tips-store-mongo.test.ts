import { describe } from 'vitest';
import { createMongoTipStores } from '../../stores/mongo/tips-stores.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { tipsStoreContract } from './tips-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('tips store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'tips');
  tipsStoreContract('MongoDB', async () => createMongoTipStores(database()));
}
