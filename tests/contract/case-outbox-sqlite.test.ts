import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { createSqliteCaseOutbox } from '../../stores/sqlite/case-outbox.js';
import { caseOutboxContract } from './case-outbox.contract.js';

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

caseOutboxContract('SQLite', async () => {
  const db = new Database(':memory:');
  open.push(db);
  return createSqliteCaseOutbox(db);
});
