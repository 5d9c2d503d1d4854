import type Database from 'better-sqlite3';
import { RateLimiterSQLite } from 'rate-limiter-flexible';
import { flexibleOptions, type FlexibleBackend } from './flexible.js';

const TABLE = 'rate_limits';

/** Limits in the embedded SQLite file: they survive a restart. One table for every limiter. */
export function sqliteRateLimitBackend(db: Database.Database, prefix = 'zz-rl'): FlexibleBackend {
  // The library's own schema, created here synchronously so the first consume never races it.
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`);
  return {
    make: (name, policy) =>
      new RateLimiterSQLite({
        ...flexibleOptions(prefix, name, policy),
        storeClient: db,
        storeType: 'better-sqlite3',
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
      }),
  };
}
