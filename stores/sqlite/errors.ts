import Database from 'better-sqlite3';
import { duplicate, notFound } from '../shared/errors.js';

const isSqliteError = (e: unknown, ...codes: string[]): boolean =>
  e instanceof Database.SqliteError && codes.includes(e.code);

/**
 * Runs a write and maps SQLite constraint failures to domain errors: a unique or primary-key
 * violation is DUPLICATE, a foreign-key violation means the referenced row (e.g. an identity) is gone.
 */
export function mapConstraints<T>(what: string, write: () => T, referenced?: { what: string; id: string }): T {
  try {
    return write();
  } catch (e) {
    if (isSqliteError(e, 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY')) throw duplicate(what, e);
    if (referenced && isSqliteError(e, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw notFound(referenced.what, referenced.id);
    throw e;
  }
}
