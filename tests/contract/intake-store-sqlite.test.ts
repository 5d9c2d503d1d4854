import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { createSqliteIntakeStores } from '../../stores/sqlite/intake-stores.js';
import { intakeStoreContract } from './intake-store.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

intakeStoreContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return createSqliteIntakeStores(db);
});
