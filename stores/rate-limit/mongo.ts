import type { Collection, Db, Document } from 'mongodb';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import { isDuplicateKey } from '../mongo/errors.js';
import { flexibleOptions, keyedSerial, type FlexibleBackend } from './flexible.js';

const COLLECTION = 'rate_limits';
const SWEEP_MS = 10 * 60_000;

/**
 * The library retries an upsert that hit the unique key (code 11000); FerretDB 1.24 reports that
 * violation from an update as code 1, so it is translated here.
 */
function ferretSafe(col: Collection): Pick<Collection, 'findOneAndUpdate' | 'findOne' | 'deleteOne'> {
  const mapped = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (e) {
      if (isDuplicateKey(e)) throw Object.assign(new Error('duplicate key'), { code: 11000 });
      throw e;
    }
  };
  return {
    findOneAndUpdate: ((filter: Document, update: Document, options: Document) =>
      mapped(() => col.findOneAndUpdate(filter, update, options))) as Collection['findOneAndUpdate'],
    findOne: ((filter: Document) => col.findOne(filter)) as Collection['findOne'],
    deleteOne: (filter: Document) => col.deleteOne(filter),
  };
}

/**
 * Limits in MongoDB (one collection, unique by key): they survive restarts and are shared by replicas.
 * FerretDB has no TTL indexes, so expired rows are swept here; and its filtered updates are not atomic,
 * so calls for one key are serialised in this process (on MongoDB `$inc` is atomic across replicas).
 */
export async function mongoRateLimitBackend(db: Db, prefix = 'zz-rl'): Promise<FlexibleBackend & { close(): void }> {
  const col = db.collection(COLLECTION);
  await col.createIndex({ key: 1 }, { unique: true });
  const store = { collection: () => ferretSafe(col) };
  const sweep = setInterval(() => void col.deleteMany({ expire: { $lt: new Date() } }).catch(() => undefined), SWEEP_MS);
  sweep.unref();
  return {
    make: (name, policy) =>
      new RateLimiterMongo({ ...flexibleOptions(prefix, name, policy), storeClient: store, tableName: COLLECTION, disableIndexesCreation: true }),
    serial: keyedSerial(),
    close: () => clearInterval(sweep),
  };
}
