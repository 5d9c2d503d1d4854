import type { Db } from 'mongodb';
import type { DailyAt, JobPayload } from '../../domain/scheduler.js';
import type { ScheduledItem, ScheduledItemRepo, ScheduledItemStatus } from '../../domain/reminders.js';

interface ItemDoc {
  _id: string;
  at: Date;
  /** JSON text: compared as a whole to make a repeated put a no-op, and free of Mongo key rules. */
  payload: string;
  daily: string | null;
  status: ScheduledItemStatus;
  attempt: number;
  leaseUntil: Date | null;
  rev: number;
  lastError: string | null;
}

const fromDoc = (d: ItemDoc): ScheduledItem => ({
  key: d._id,
  at: d.at,
  payload: JSON.parse(d.payload) as JobPayload,
  daily: d.daily ? (JSON.parse(d.daily) as DailyAt) : undefined,
  status: d.status,
  attempt: d.attempt,
  leaseUntil: d.leaseUntil ?? undefined,
  rev: d.rev,
  lastError: d.lastError ?? undefined,
});

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number }).code === 11000;

export const prefixRange = (prefix: string) => ({ $gte: prefix, $lt: `${prefix}\u{10FFFF}` });

export async function createMongoScheduledItems(db: Db): Promise<ScheduledItemRepo> {
  const col = db.collection<ItemDoc>('job_scheduled_items');
  await col.createIndex({ status: 1, at: 1 });
  await col.createIndex({ status: 1, leaseUntil: 1 });
  const claims = db.collection<{ _id: string; key: string; at: Date }>('job_scheduled_claims');
  await claims.createIndex({ key: 1 });
  const forget = (key: string) => claims.deleteMany({ key });
  const claimable = (now: Date) => ({
    $or: [
      { status: 'pending' as const, at: { $lte: now } },
      { status: 'running' as const, leaseUntil: { $lte: now } },
    ],
  });

  return {
    async put(i) {
      const payload = JSON.stringify(i.payload);
      const daily = i.daily ? JSON.stringify({ hour: i.daily.hour, minute: i.daily.minute }) : null;
      try {
        // Matches unless an identical pending/running item exists; then the upsert's insert collides: a no-op.
        await col.updateOne(
          { _id: i.key, $nor: [{ status: { $in: ['pending', 'running'] }, at: i.at, payload, daily }] },
          {
            $set: { at: i.at, payload, daily, status: 'pending', attempt: 0, leaseUntil: null, lastError: null },
            $inc: { rev: 1 },
          },
          { upsert: true },
        );
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },
    async get(key) {
      const d = await col.findOne({ _id: key });
      return d ? fromDoc(d) : null;
    },
    async remove(key) {
      await forget(key);
      return (await col.deleteOne({ _id: key })).deletedCount > 0;
    },
    async removePrefix(prefix) {
      await claims.deleteMany({ key: prefixRange(prefix) });
      return (await col.deleteMany({ _id: prefixRange(prefix) })).deletedCount;
    },
    async claimDue(now, leaseUntil, limit) {
      const claimed: ScheduledItem[] = [];
      for (const d of await col.find(claimable(now)).sort({ at: 1 }).limit(limit).toArray()) {
        // The claim of (key, rev) is a unique insert: FerretDB 1.24 runs conditional updates non-atomically.
        try {
          await claims.insertOne({ _id: `${d._id}#${d.rev}`, key: d._id, at: now });
        } catch (e) {
          if (isDuplicateKey(e)) continue;
          throw e;
        }
        const set = { status: 'running' as const, leaseUntil, attempt: d.attempt + 1, rev: d.rev + 1 };
        if ((await col.updateOne({ _id: d._id, rev: d.rev }, { $set: set })).modifiedCount > 0) claimed.push(fromDoc({ ...d, ...set }));
      }
      return claimed;
    },
    async complete(key, rev, nextAt) {
      if (!nextAt) {
        const gone = (await col.deleteOne({ _id: key, rev })).deletedCount > 0;
        if (gone) await forget(key);
        return gone;
      }
      const r = await col.updateOne(
        { _id: key, rev },
        { $set: { status: 'pending', at: nextAt, attempt: 0, leaseUntil: null, lastError: null }, $inc: { rev: 1 } },
      );
      return r.modifiedCount > 0;
    },
    async fail(key, rev, retryAt, error) {
      const set = retryAt
        ? { status: 'pending' as const, at: retryAt, leaseUntil: null, lastError: error }
        : { status: 'failed' as const, leaseUntil: null, lastError: error };
      return (await col.updateOne({ _id: key, rev }, { $set: set, $inc: { rev: 1 } })).modifiedCount > 0;
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
