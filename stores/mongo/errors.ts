import { MongoServerError } from 'mongodb';
import { duplicate } from '../shared/errors.js';

/**
 * A unique-index violation: E11000 on MongoDB (and on FerretDB inserts). FerretDB 1.24 reports one
 * raised by an update as InternalError (1) carrying its backend's message instead.
 */
export const isDuplicateKey = (e: unknown): boolean =>
  e instanceof MongoServerError &&
  (e.code === 11000 ||
    (e.code === 1 && /UNIQUE constraint failed|duplicate key value violates unique constraint/.test(e.message)));

/** Runs a write and maps a unique-index violation to DUPLICATE. */
export async function mapDuplicate<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw isDuplicateKey(e) ? duplicate(what, e) : e;
  }
}
