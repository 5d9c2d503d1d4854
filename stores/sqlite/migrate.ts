import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the migrations of one `scope` that are newer than what `schema_migrations` records, each in
 * its own transaction. Scopes let other modules (e.g. the embedded scheduler) keep their own numbering
 * in the same database file.
 */
export function migrate(db: Database, scope: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    scope TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (scope, version)
  ) STRICT`);
  const applied = db.prepare('SELECT max(version) AS v FROM schema_migrations WHERE scope = ?').get(scope) as {
    v: number | null;
  };
  const record = db.prepare('INSERT INTO schema_migrations (scope, version, name, applied_at) VALUES (?, ?, ?, ?)');
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > (applied.v ?? 0));
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(scope, m.version, m.name, Date.now());
    })();
  }
}
