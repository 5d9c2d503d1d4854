import type { Collection, Db, DeleteResult, Filter, ObjectId, UpdateResult } from 'mongodb';
import { createRequire } from 'node:module';
import { RateLimiterRes, type RateLimiterStoreAbstract as StoreAbstract } from 'rate-limiter-flexible';
import type { VersionClaimDoc } from '../mongo/collections.js';
import { isDuplicateKey } from '../mongo/errors.js';
import { insertClaim } from '../mongo/versioned-replace.js';
import { keyedSerial } from '../shared/keyed-serial.js';
import { flexibleOptions, type FlexibleBackend } from './flexible.js';
import type { RateLimitPolicy } from '../../domain/rate-limit.js';

/** The library's base of store adapters (its NonAtomic adapters extend it): typed in types.d.ts, not re-exported by index.js. */
const RateLimiterStoreAbstract = createRequire(import.meta.url)('rate-limiter-flexible/lib/RateLimiterStoreAbstract.js') as typeof StoreAbstract;

const COLLECTION = 'rate_limits';
const SWEEP_MS = 10 * 60_000;
/** A limit write takes milliseconds: a claim this old belongs to a process that died holding it. */
const ABANDONED_CLAIM_MS = 5_000;
const MAX_ATTEMPTS = 200;

interface LimitDoc {
  _id?: ObjectId;
  key: string;
  points: number;
  expire: Date | null;
  /** Compare-and-set version; rows written by rate-limiter-flexible's own adapter have none (read as 0). */
  v?: number;
}
type Window = Pick<LimitDoc, 'points' | 'expire'>;

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(40, 2 ** attempt)));

interface Store {
  rows: Collection<LimitDoc>;
  claims: Collection<VersionClaimDoc>;
}

/**
 * Writes over `row` iff this caller holds the claim `rl:<key>:<n+1>` (a unique insert, see
 * stores/mongo/versioned-replace.ts) and the row is still at its version n.
 */
async function casWrite({ claims }: Store, row: LimitDoc, write: (filter: Filter<LimitDoc>) => Promise<UpdateResult | DeleteResult>): Promise<boolean> {
  const claimId = `rl:${row.key}:${(row.v ?? 0) + 1}`;
  if (!(await insertClaim(claims, claimId, ABANDONED_CLAIM_MS))) return false;
  try {
    const r = await write({ _id: row._id, v: row.v ?? null } as Filter<LimitDoc>);
    return ('matchedCount' in r ? r.matchedCount : r.deletedCount) === 1;
  } finally {
    await claims.deleteOne({ _id: claimId });
  }
}

/** Expired rows, deleted under the same claims (a sweep must not delete a window a writer just restarted). */
async function sweepExpired(store: Store): Promise<void> {
  for (const row of await store.rows.find({ expire: { $lt: new Date() } }).limit(1000).toArray()) {
    await casWrite(store, row, (filter) => store.rows.deleteOne(filter));
  }
}

/**
 * rate-limiter-flexible's store contract (`_upsert`, `_get`, `_delete`, as its own NonAtomic adapters
 * implement it) over a versioned row per key, written by compare-and-set (casWrite). FerretDB 1.24 reads a
 * matching row and writes it back by `_id` without re-checking the filter, so its `$inc` and filtered
 * replaces are not atomic across processes, but its unique inserts are. One writer per version wins; the
 * others read again. On MongoDB the same steps are merely redundant.
 */
class VersionedMongoLimiter extends RateLimiterStoreAbstract {
  constructor(
    opts: ReturnType<typeof flexibleOptions>,
    private readonly store: Store,
  ) {
    super({ ...opts, storeClient: store.rows });
  }

  _getRateLimiterRes(_key: string, changedPoints: number, w: Window): RateLimiterRes {
    return new RateLimiterRes(Math.max(this.points - w.points, 0), w.expire ? Math.max(w.expire.getTime() - Date.now(), 0) : -1, w.points, w.points === changedPoints);
  }

  /** Adds `points` to the live window (or starts one); `forceExpire` sets points and expiry outright (a block). */
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Window> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = Date.now();
      const fresh: Window = { points, expire: msDuration > 0 ? new Date(now + msDuration) : null };
      const row = await this.store.rows.findOne({ key });
      if (!row) {
        try {
          await this.store.rows.insertOne({ key, ...fresh, v: 1 });
          return fresh;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          continue; // another process started the window first
        }
      }
      const live = !forceExpire && (row.expire === null || row.expire.getTime() > now);
      const next: Window = live ? { points: row.points + points, expire: row.expire } : fresh;
      if (await casWrite(this.store, row, (filter) => this.store.rows.replaceOne(filter, { key, ...next, v: (row.v ?? 0) + 1 }))) return next;
      await pause(attempt);
    }
    throw new Error(`rate limit ${key}: no write won after ${MAX_ATTEMPTS} attempts`);
  }

  async _get(key: string): Promise<Window | null> {
    const row = await this.store.rows.findOne({ key });
    return row && (row.expire === null || row.expire.getTime() > Date.now()) ? row : null;
  }

  async _delete(key: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = await this.store.rows.findOne({ key });
      if (!row) return false;
      if (await casWrite(this.store, row, (filter) => this.store.rows.deleteOne(filter))) return true;
      await pause(attempt);
    }
    throw new Error(`rate limit ${key}: no delete won after ${MAX_ATTEMPTS} attempts`);
  }
}

/**
 * Limits in MongoDB or FerretDB (one collection, unique by key): they survive restarts and are shared by
 * replicas, every increment counted exactly once across processes. FerretDB has no TTL indexes, so
 * expired rows are swept here. Calls for one key also queue inside this process, which only spares
 * claims that would lose anyway.
 */
export async function mongoRateLimitBackend(db: Db, prefix = 'zz-rl'): Promise<FlexibleBackend & { close(): void }> {
  const store: Store = { rows: db.collection<LimitDoc>(COLLECTION), claims: db.collection<VersionClaimDoc>('version_claims') };
  await store.rows.createIndex({ key: 1 }, { unique: true });
  const sweep = setInterval(() => void sweepExpired(store).catch(() => undefined), SWEEP_MS);
  sweep.unref();
  return {
    make: (name: string, policy: RateLimitPolicy) => new VersionedMongoLimiter(flexibleOptions(prefix, name, policy), store),
    serial: keyedSerial(),
    close: () => clearInterval(sweep),
  };
}
