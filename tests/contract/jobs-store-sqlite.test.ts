import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { createSqliteJobStores } from '../../stores/sqlite/jobs-stores.js';
import { jobsStoreContract } from './jobs-store.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

jobsStoreContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return createSqliteJobStores(db);
});
