import type { Database } from 'better-sqlite3';

/** Tables of tips, invites and channel update ids; idempotent, run by each tips-* factory on its handle. */
export function initTipsSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS tips (
      receipt_code TEXT PRIMARY KEY,
      case_id TEXT NOT NULL UNIQUE,
      pin_hash TEXT NOT NULL,
      channel TEXT NOT NULL,
      reward TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      locked_until INTEGER
    );
    CREATE TABLE IF NOT EXISTS tip_contacts (
      case_id TEXT PRIMARY KEY,
      sealed TEXT NOT NULL,
      last_status TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS receipt_sessions (
      token_hash TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS receipt_sessions_expiry ON receipt_sessions (expires_at);
    CREATE TABLE IF NOT EXISTS official_invites (
      code_hash TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      town_id TEXT,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER,
      used_by TEXT
    );
    CREATE TABLE IF NOT EXISTS channel_updates (
      source TEXT NOT NULL,
      update_id INTEGER NOT NULL,
      seen_at INTEGER NOT NULL,
      PRIMARY KEY (source, update_id)
    );
    CREATE INDEX IF NOT EXISTS channel_updates_seen ON channel_updates (seen_at);
  `);
  // A tip is inserted before its case takes a number (CaseRepo.insertNumbered); older files kept a copy of it.
  const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('tips')`).all();
  if (columns.some((c) => c.name === 'case_number')) db.exec('ALTER TABLE tips DROP COLUMN case_number');
}
