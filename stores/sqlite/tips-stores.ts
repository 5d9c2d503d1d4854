import type { Database } from 'better-sqlite3';
import type { TipStores } from '../../domain/tips.js';
import { createSqliteTipContactRepo } from './tips-contacts.js';
import { createSqliteInviteRepo } from './tips-invites.js';
import { createSqliteTipRepo } from './tips-repo.js';
import { createSqliteReceiptSessions } from './tips-receipt-sessions.js';
import { createSqliteUpdateDedup } from './tips-update-dedup.js';

/** Tips, tip contacts, receipt sessions, invites and channel update ids on a better-sqlite3 handle (tables created if missing). */
export const createSqliteTipStores = (db: Database): TipStores => ({
  tips: createSqliteTipRepo(db),
  tipContacts: createSqliteTipContactRepo(db),
  receiptSessions: createSqliteReceiptSessions(db),
  invites: createSqliteInviteRepo(db),
  updateDedup: createSqliteUpdateDedup(db),
});
