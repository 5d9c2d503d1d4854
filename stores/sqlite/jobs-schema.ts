import type { Database } from 'better-sqlite3';

/** Tables of the deadline/reminder jobs; idempotent, run by each jobs-* factory on its handle. */
export function initJobsSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS job_scheduled_items (
      key TEXT PRIMARY KEY,
      at INTEGER NOT NULL,
      payload TEXT NOT NULL,
      daily TEXT,
      status TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      lease_until INTEGER,
      rev INTEGER NOT NULL,
      last_error TEXT
    );
    CREATE INDEX IF NOT EXISTS job_scheduled_items_pending ON job_scheduled_items (status, at);
    CREATE INDEX IF NOT EXISTS job_scheduled_items_lease ON job_scheduled_items (status, lease_until);
    CREATE TABLE IF NOT EXISTS job_marks (
      name TEXT PRIMARY KEY,
      at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS job_deliveries (
      target TEXT NOT NULL,
      subject TEXT NOT NULL,
      rung TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      claimed_at INTEGER NOT NULL,
      sent_at INTEGER,
      last_error TEXT,
      PRIMARY KEY (target, subject, rung)
    );
    CREATE INDEX IF NOT EXISTS job_deliveries_subject ON job_deliveries (subject);
    CREATE TABLE IF NOT EXISTS job_tasks (
      id TEXT PRIMARY KEY,
      due TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS job_task_progress (
      task_id TEXT NOT NULL,
      town_id TEXT NOT NULL,
      acknowledged_at INTEGER,
      acknowledged_by TEXT,
      done_at INTEGER,
      done_by TEXT,
      attachment TEXT,
      note TEXT,
      PRIMARY KEY (task_id, town_id)
    );
  `);
}

/** Exclusive upper bound of every key starting with `prefix` (SQLite compares TEXT bytewise). */
export const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

export const toDate = (ms: number | null | undefined): Date | undefined => (ms == null ? undefined : new Date(ms));
