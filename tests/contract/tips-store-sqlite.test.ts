import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { createSqliteTipStores } from '../../stores/sqlite/tips-stores.js';
import { tipsStoreContract } from './tips-store.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

tipsStoreContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return createSqliteTipStores(db);
});
