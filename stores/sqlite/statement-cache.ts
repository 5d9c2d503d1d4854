import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepares each SQL text once per connection. Filtered queries are built from a few fixed pieces (`Where`), so their
 * texts are a small set; compiling one on every call was about 1.5 % of a busy web chat's time.
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
}
