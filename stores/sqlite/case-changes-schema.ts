import type { Database } from 'better-sqlite3';
import { migrate } from './migrate.js';

/**
 * `cases.updated_at` and its index, for "cases changed since" (the reminder sweep's marker). Its own
 * migration scope, so it applies once whatever order the main store migrations land in. Existing rows
 * take the value from their document.
 */
export function initCaseChangesSchema(db: Database): void {
  migrate(db, 'cases-changed-since', [
    {
      version: 1,
      name: 'cases.updated_at',
      sql: `
        ALTER TABLE cases ADD COLUMN updated_at INTEGER;
        UPDATE cases SET updated_at = CAST(ROUND(unixepoch(json_extract(doc, '$.updatedAt."$date"'), 'subsec') * 1000) AS INTEGER);
        CREATE INDEX cases_updated ON cases (updated_at);
      `,
    },
  ]);
}
