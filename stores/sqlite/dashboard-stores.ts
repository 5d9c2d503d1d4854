import type { Database } from 'better-sqlite3';
import type { DashboardStores } from '../../domain/dashboard.js';
import { sqliteAuditLog } from './dashboard-audit.js';
import { sqliteLoginTokens } from './dashboard-login-tokens.js';
import { sqliteRatingHistory } from './dashboard-ratings.js';
import { migrateDashboard } from './dashboard-schema.js';
import { sqliteDashboardSessions } from './dashboard-sessions.js';

/** The dashboard's ports in the stores' SQLite file. */
export function openSqliteDashboardStores(db: Database): DashboardStores {
  migrateDashboard(db);
  return { loginTokens: sqliteLoginTokens(db), audit: sqliteAuditLog(db), ratings: sqliteRatingHistory(db), sessions: sqliteDashboardSessions(db) };
}
