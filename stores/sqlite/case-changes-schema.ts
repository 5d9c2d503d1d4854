import type { Database } from 'better-sqlite3';
import { migrate } from './migrate.js';

/**
 * `cases.updated_at` and its index, for "cases changed since" (the reminder sweep's marker), and the
 * keys the sweep's pages are sorted by next to status and deadline. Its own
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
    {
      version: 2,
      name: 'paging keys beside status and deadline',
      // Lists filtered by status and deadline (the sweep reads tens of thousands of cases) find their page
      // keys in the index alone instead of reading every matching row for each page.
      sql: `CREATE INDEX cases_status_deadline_keys ON cases (status, deadline, created_at, id);`,
    },
  ]);
}
