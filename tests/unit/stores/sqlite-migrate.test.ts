import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openSqliteStores } from '../../../stores/sqlite/index.js';
import { storeMigrations } from '../../../stores/sqlite/migrations.js';
import { minimalCase } from '../../contract/store-fixtures.js';

describe('SQLite migrations', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-migrate-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('applies the schema once: reopening a file keeps its data and its migration record', async () => {
    const file = join(tempDir(), 'app.db');
    const c = minimalCase();
    const first = await openSqliteStores({ file });
    await first.cases.insert(c);
    await first.close();
    const again = await openSqliteStores({ file });
    expect(await again.cases.get(c.id)).toStrictEqual(c);
    // Each migration of each scope recorded once (a second apply would have failed on the primary key).
    const applied = again.db.prepare('SELECT scope, version FROM schema_migrations ORDER BY scope, version').all();
    expect(applied).toEqual([
      { scope: 'cases-changed-since', version: 1 },
      { scope: 'cases-changed-since', version: 2 },
      ...storeMigrations.map((m) => ({ scope: 'stores', version: m.version })),
    ]);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await again.close();
  });

  it('numbers each scope on its own, applies in order, and rolls back a failing migration', () => {
    const db = new Database(':memory:');
    migrate(db, 'jobs', [
      { version: 2, name: 'second', sql: 'ALTER TABLE t ADD COLUMN b TEXT' },
      { version: 1, name: 'first', sql: 'CREATE TABLE t (a TEXT)' },
    ]);
    migrate(db, 'other', [{ version: 1, name: 'first', sql: 'CREATE TABLE u (a TEXT)' }]);
    expect(() =>
      migrate(db, 'jobs', [{ version: 3, name: 'broken', sql: 'CREATE TABLE v (a TEXT); SELECT * FROM missing' }]),
    ).toThrow(/missing/);
    const rows = db.prepare('SELECT scope, version FROM schema_migrations ORDER BY scope, version').all();
    expect(rows).toEqual([
      { scope: 'jobs', version: 1 },
      { scope: 'jobs', version: 2 },
      { scope: 'other', version: 1 },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'v'").get()).toBeUndefined();
    db.close();
  });
});
