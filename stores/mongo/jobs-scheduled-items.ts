import { randomInt } from 'node:crypto';
import { MongoBulkWriteError, type Db } from 'mongodb';
import type { DailyAt, JobPayload } from '../../domain/scheduler.js';
import type { ScheduledItem, ScheduledItemRepo, ScheduledItemStatus } from '../../domain/reminders.js';
import { versionConflict } from '../shared/errors.js';
import { collections } from './collections.js';
import { dayNumber } from './day-number.js';
import { isDuplicateKey } from './errors.js';
import { lostRace, untilSettled } from './jobs-retry.js';
import { versionedDelete, versionedReplace } from './versioned-replace.js';

interface ItemDoc {
  _id: string;
  at: Date;
  /** JSON text: compared as a whole to make a repeated put a no-op, and free of Mongo key rules. */
  payload: string;
  daily: string | null;
  status: ScheduledItemStatus;
  attempt: number;
  leaseUntil: Date | null;
  /** The item's `rev`. */
  version: number;
  lastError: string | null;
  /** UTC day number of `at`, kept by every write: putMany reads a day's items by equality (see putMany). */
  atDay?: number;
}

const KIND = 'job_scheduled_items';
const withDay = (d: ItemDoc): ItemDoc => ({ ...d, atDay: dayNumber(d.at) });

type PutItem = Parameters<ScheduledItemRepo['put']>[0];
const payloadText = (i: PutItem) => JSON.stringify(i.payload);
const dailyText = (i: PutItem) => (i.daily ? JSON.stringify({ hour: i.daily.hour, minute: i.daily.minute }) : null);
/** A put that would change nothing: same time, payload and daily rule, and still waiting or running. */
const unchanged = (d: ItemDoc, i: PutItem) =>
  d.at.getTime() === i.at.getTime() && d.payload === payloadText(i) && d.daily === dailyText(i) && (d.status === 'pending' || d.status === 'running');
const WHAT = 'scheduled item';
/** A put's item as waiting at its time with no attempt made. */
const fieldsOf = (i: PutItem) => ({ at: i.at, payload: payloadText(i), daily: dailyText(i), status: 'pending' as const, attempt: 0, leaseUntil: null, lastError: null });

const fromDoc = (d: ItemDoc): ScheduledItem => ({
  key: d._id,
  at: d.at,
  payload: JSON.parse(d.payload) as JobPayload,
  daily: d.daily ? (JSON.parse(d.daily) as DailyAt) : undefined,
  status: d.status,
  attempt: d.attempt,
  leaseUntil: d.leaseUntil ?? undefined,
  rev: d.version,
  lastError: d.lastError ?? undefined,
});

/**
 * A key inserted (again) starts at a random version: a writer still holding a read of an earlier item
 * under the same key must not match the new one, and its version filter is all that could stop it.
 */
const firstVersion = (): number => randomInt(1, 2 ** 40);

/**
 * Items written before the version claims kept their compare-and-set token in `rev`; without `version`
 * no claim could ever match them. Renames it once, at start (a no-op query afterwards).
 */
async function upgradeRevToVersion(db: Db): Promise<void> {
  const legacy = db.collection<{ _id: string; rev?: number; version?: number }>('job_scheduled_items');
  for (const d of await legacy.find({ version: { $exists: false } }).toArray()) {
    await legacy.updateOne({ _id: d._id, version: { $exists: false } }, { $set: { version: d.rev ?? 1 }, $unset: { rev: '' } });
  }
}

export const prefixRange = (prefix: string) => ({ $gte: prefix, $lt: `${prefix}\u{10FFFF}` });

/**
 * The embedded scheduler's table. FerretDB 1.24 runs a filtered update or delete as "read the matching
 * documents, then write them back by `_id`", so a claim, completion or put that filtered on `rev` could
 * overwrite another writer's. Here every write of an existing item goes through versionedReplace or
 * versionedDelete: it first inserts the unique claim on the item's next version, so one writer per
 * version gets through and nobody writes the item meanwhile. Only an absent key is written without a
 * claim, by an insert, which a unique `_id` makes atomic.
 */
export async function createMongoScheduledItems(db: Db): Promise<ScheduledItemRepo> {
  const c = collections(db);
  const col = db.collection<ItemDoc>('job_scheduled_items');
  const marks = db.collection<{ _id: string; at: Date }>('job_marks');
  // One index per createIndexes command (FerretDB 1.24, see indexes.ts).
  await col.createIndex({ status: 1, at: 1 });
  await col.createIndex({ status: 1, leaseUntil: 1 });
  await col.createIndex({ atDay: 1 }); // putMany's reads, on MongoDB
  await upgradeRevToVersion(db);
  const replaceAny = versionedReplace(c, col, KIND);
  const replace = (d: ItemDoc, what: string) => replaceAny(withDay(d), what);
  const deleteVersion = versionedDelete(c, col, KIND);
  const claimable = (now: Date) => ({
    $or: [
      { status: 'pending' as const, at: { $lte: now } },
      { status: 'running' as const, leaseUntil: { $lte: now } },
    ],
  });

  /** Writes the item iff it is still at `rev`; false once another write moved it on. */
  async function ifAtRev(key: string, rev: number, write: (d: ItemDoc) => Promise<void>): Promise<boolean> {
    try {
      return await untilSettled(async () => {
        const d = await col.findOne({ _id: key });
        if (d?.version !== rev) return false;
        await write(d);
        return true;
      });
    } catch (e) {
      if (lostRace(e)) return false; // a claim left by a dead writer: the lease will run out
      throw e;
    }
  }

  async function remove(key: string): Promise<boolean> {
    return untilSettled(async () => {
      const d = await col.findOne({ _id: key }, { projection: { version: 1 } });
      if (!d) return false;
      await deleteVersion(key, d.version, WHAT);
      return true;
    });
  }

  async function put(i: PutItem): Promise<void> {
    const fields = fieldsOf(i);
    await untilSettled(async () => {
      const d = await col.findOne({ _id: i.key });
      if (!d) {
        try {
          await col.insertOne(withDay({ _id: i.key, ...fields, version: firstVersion() }));
        } catch (e) {
          throw isDuplicateKey(e) ? versionConflict(WHAT, i.key, 0) : e; // another put inserted it first
        }
        return;
      }
      if (unchanged(d, i) && d.atDay !== undefined) return;
      await replace({ _id: i.key, ...fields, version: d.version + 1 }, WHAT);
    });
  }

  /** Inserts the items as new; returns those whose key was already there, for a put. */
  async function insertNew(items: PutItem[]): Promise<PutItem[]> {
    if (items.length === 0) return [];
    const docs = items.map((i) => withDay({ _id: i.key, ...fieldsOf(i), version: firstVersion() }));
    try {
      await col.insertMany(docs, { ordered: false });
      return [];
    } catch (e) {
      const failed = e instanceof MongoBulkWriteError ? [e.writeErrors].flat() : [];
      if (failed.length === 0 || !failed.every((w) => w.code === 11000)) throw e;
      return failed.map((w) => items[w.index]!);
    }
  }

  return {
    put,
    async putMany(items) {
      // One read per day of the items' times instead of one per item: on FerretDB every read by _id scans the
      // table, while `atDay` equality is filtered by PostgreSQL. Items not found there are mostly new and are
      // inserted together; one that exists after all (moved from another day, or written before atDay) fails
      // that insert on its unique _id and takes the single put, as does every changed item.
      const byDay = new Map<number, typeof items>();
      for (const i of items) {
        const day = dayNumber(i.at);
        const group = byDay.get(day);
        if (group) group.push(i);
        else byDay.set(day, [i]);
      }
      for (const [atDay, group] of byDay) {
        // The whole day, not `_id: {$in: keys}`: FerretDB decodes the day's items either way, and then compares each
        // with every key of the list (7.5 s instead of 1.6 s for a day of 18,577 items, all in the list).
        const current = new Map((await col.find({ atDay }, { projection: { at: 1, payload: 1, daily: 1, status: 1 } }).toArray()).map((d) => [d._id, d]));
        const absent = group.filter((i) => !current.has(i.key));
        for (const i of await insertNew(absent)) await put(i);
        for (const i of group) {
          const d = current.get(i.key);
          if (d && !unchanged(d, i)) await put(i);
        }
      }
    },
    async get(key) {
      const d = await col.findOne({ _id: key });
      return d ? fromDoc(d) : null;
    },
    async setMark(name, at) {
      const raise = () => marks.updateOne({ _id: name }, { $max: { at } }, { upsert: true });
      try {
        await raise();
      } catch (e) {
        // Two first-ever marks raced (replicas finishing their first sweep together): the mark exists now.
        if (!isDuplicateKey(e)) throw e;
        await raise();
      }
    },
    async getMark(name) {
      return (await marks.findOne({ _id: name }))?.at;
    },
    remove,
    async removePrefix(prefix) {
      let removed = 0;
      for (const { _id } of await col.find({ _id: prefixRange(prefix) }, { projection: { _id: 1 } }).toArray()) {
        if (await remove(_id)) removed++;
      }
      return removed;
    },
    async claimDue(now, leaseUntil, limit) {
      const claimed: ScheduledItem[] = [];
      for (const d of await col.find(claimable(now)).sort({ at: 1, _id: 1 }).limit(limit).toArray()) {
        const next: ItemDoc = { ...d, status: 'running', leaseUntil, attempt: d.attempt + 1, version: d.version + 1 };
        try {
          await replace(next, WHAT);
          claimed.push(fromDoc(next));
        } catch (e) {
          if (!lostRace(e)) throw e; // else another claimer, or a put or remove, got there first
        }
      }
      return claimed;
    },
    complete(key, rev, nextAt) {
      return ifAtRev(key, rev, (d) =>
        nextAt
          ? replace({ ...d, status: 'pending', at: nextAt, attempt: 0, leaseUntil: null, lastError: null, version: rev + 1 }, WHAT)
          : deleteVersion(key, rev, WHAT),
      );
    },
    fail(key, rev, retryAt, error) {
      return ifAtRev(key, rev, (d) =>
        replace(
          retryAt
            ? { ...d, status: 'pending', at: retryAt, leaseUntil: null, lastError: error, version: rev + 1 }
            : { ...d, status: 'failed', leaseUntil: null, lastError: error, version: rev + 1 },
          WHAT,
        ),
      );
    },
    async nextWake() {
      const [p, r] = await Promise.all([
        col.find({ status: 'pending' }).sort({ at: 1 }).limit(1).next(),
        col.find({ status: 'running' }).sort({ leaseUntil: 1 }).limit(1).next(),
      ]);
      const times = [p?.at, r?.leaseUntil].filter((t): t is Date => t instanceof Date).map((t) => t.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
}
