import type { Database } from 'better-sqlite3';
import { migrate } from './migrate.js';

/** The dashboard's tables, numbered in their own migration scope so they never collide with the stores'. */
export function migrateDashboard(db: Database): void {
  migrate(db, 'dashboard', [
    {
      version: 1,
      name: 'login tokens, audit log, rating history',
      sql: `
        CREATE TABLE dashboard_login_tokens (
          hash TEXT PRIMARY KEY,
          identity_id TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          used_at INTEGER
        ) STRICT;
        CREATE INDEX dashboard_login_tokens_expiry ON dashboard_login_tokens (expires_at);
        CREATE TABLE dashboard_audit (
          id TEXT PRIMARY KEY,
          created_at INTEGER NOT NULL,
          actor_id TEXT NOT NULL,
          target TEXT,
          doc TEXT NOT NULL
        ) STRICT;
        CREATE INDEX dashboard_audit_newest ON dashboard_audit (created_at DESC, id DESC);
        CREATE INDEX dashboard_audit_actor ON dashboard_audit (actor_id, created_at DESC);
        CREATE INDEX dashboard_audit_target ON dashboard_audit (target, created_at DESC);
        CREATE TABLE dashboard_ratings (
          id TEXT PRIMARY KEY,
          enterprise_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          doc TEXT NOT NULL
        ) STRICT;
        CREATE INDEX dashboard_ratings_enterprise ON dashboard_ratings (enterprise_id, at);
      `,
    },
    {
      version: 2,
      name: 'sessions and deployment secrets',
      sql: `
        CREATE TABLE dashboard_sessions (
          chat TEXT PRIMARY KEY,
          last_seen INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX dashboard_sessions_last_seen ON dashboard_sessions (last_seen);
        CREATE TABLE app_secrets (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `,
    },
  ]);
}
