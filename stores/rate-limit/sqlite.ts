import type Database from 'better-sqlite3';
import { RateLimiterMemory, RateLimiterSQLite } from 'rate-limiter-flexible';
import { statementCache } from '../sqlite/statement-cache.js';
import { flexibleOptions, type FlexibleBackend } from './flexible.js';

const TABLE = 'rate_limits';

/**
 * The library prepares its statement on every call (a compile each time, ~3 % of a busy web chat's CPU); its few
 * SQL texts are prepared once here. It uses only `prepare` and `transaction` of the handle.
 */
const preparedOnce = (db: Database.Database) =>
  ({ prepare: statementCache(db), transaction: (fn) => db.transaction(fn) }) as Pick<Database.Database, 'prepare' | 'transaction'>;

/** Windows shorter than this, without a block, are counted in memory: a restart forgets at most one of them. */
const MEMORY_WINDOW_MS = 60_000;

/**
 * Limits in the embedded SQLite file: they survive a restart. One table for every limiter. The embedded store is one
 * process, so a window under a minute without a block (a chat's messages per 10 s) is counted in its memory instead:
 * writing the file for every chat message was a tenth of a busy web chat's time, and a restart (seconds) forgets no
 * more than the window itself lets through. Logins, receipt codes and tip submissions stay in the file.
 */
export function sqliteRateLimitBackend(db: Database.Database, prefix = 'zz-rl'): FlexibleBackend {
  // The library's own schema, created here synchronously so the first consume never races it.
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`);
  return {
    make: (name, policy) =>
      policy.durationMs < MEMORY_WINDOW_MS && !policy.blockMs
        ? new RateLimiterMemory(flexibleOptions(prefix, name, policy))
        : new RateLimiterSQLite({
            ...flexibleOptions(prefix, name, policy),
            storeClient: preparedOnce(db),
            storeType: 'better-sqlite3',
            tableName: TABLE,
            tableCreated: true,
            clearExpiredByTimeout: true,
          }),
  };
}
