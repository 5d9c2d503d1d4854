import Database from 'better-sqlite3';
import type { Stores } from '../../domain/ports.js';
import { sqliteCaseRepo } from './case-repo.js';
import { sqliteDialogRepo } from './dialog-repo.js';
import { sqliteEnterpriseRepo } from './enterprise-repo.js';
import { sqliteIdentityRepo } from './identity-repo.js';
import { sqliteMediaStore } from './media-store.js';
import { commitDurably } from './durability.js';
import { migrate } from './migrate.js';
import { storeMigrations } from './migrations.js';
import { sqliteTownRepo } from './town-repo.js';

export { migrate, type Migration } from './migrate.js';

export interface SqliteStoresOptions {
  /** A database file, or ':memory:' for tests. */
  file: string;
  /** Where photo files go; without it photo bytes are kept in the database. */
  mediaDir?: string;
}

/**
 * The embedded, zero-config stores. better-sqlite3 is synchronous; every call is short and runs behind
 * the async ports. `db` is exposed so other modules can keep their own tables (with `migrate` and their
 * own scope) in the same file.
 */
export async function openSqliteStores(opts: SqliteStoresOptions): Promise<Stores & { db: Database.Database }> {
  const db = new Database(opts.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    commitDurably(db);
    db.pragma('foreign_keys = ON');
    // Deleted rows (a finished tip dialog, a sealed contact) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    migrate(db, 'stores', storeMigrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    db,
    cases: sqliteCaseRepo(db),
    enterprises: sqliteEnterpriseRepo(db),
    towns: sqliteTownRepo(db),
    identities: sqliteIdentityRepo(db),
    dialogs: sqliteDialogRepo(db),
    media: sqliteMediaStore(db, opts.mediaDir),
    async close() {
      if (db.open) db.close();
    },
  };
}
