import type { Db } from 'mongodb';
import type { DeliveryKey, DeliveryLog, DeliveryRecord, DeliveryState } from '../../domain/reminders.js';
import { collections } from './collections.js';
import { isDuplicateKey } from './errors.js';
import { untilSettled } from './jobs-retry.js';
import { versionedReplace } from './versioned-replace.js';

/**
 * One document per claim generation of a key. Taking generation n+1 is an insert under a unique index,
 * the only write FerretDB 1.24 performs atomically under concurrency (its conditional updates are not),
 * so two senders can never both hold a claim. A generation then moves to sent or failed through
 * versionedReplace, so that a failure report racing a sent mark cannot overwrite it.
 */
interface ClaimDoc {
  /** `<key>#<gen>`. */
  _id: string;
  target: string;
  subject: string;
  rung: string;
  gen: number;
  state: DeliveryState;
  claimedAt: Date;
  sentAt?: Date;
  lastError?: string;
  version: number;
}

const KIND = 'job_deliveries';
const WHAT = 'delivery';

const keyOf = (k: DeliveryKey) => ({ target: k.target, subject: k.subject, rung: k.rung });
const keyString = (d: DeliveryKey) => JSON.stringify([d.target, d.subject, d.rung]);

const toRecord = (d: ClaimDoc): DeliveryRecord => ({
  target: d.target,
  subject: d.subject,
  rung: d.rung,
  state: d.state,
  attempts: d.gen,
  claimedAt: d.claimedAt,
  sentAt: d.sentAt ?? undefined,
  lastError: d.lastError ?? undefined,
});

export async function createMongoDeliveryLog(db: Db): Promise<DeliveryLog> {
  const col = db.collection<ClaimDoc>('job_deliveries');
  // One index per createIndexes command (FerretDB 1.24, see indexes.ts).
  await col.createIndex({ target: 1, subject: 1, rung: 1, gen: 1 }, { unique: true });
  await col.createIndex({ subject: 1 });
  // Generations written before they were versioned (their `_id` is an ObjectId, which works as well).
  await col.updateMany({ version: { $exists: false } }, { $set: { version: 1 } });
  const replace = versionedReplace(collections(db), col, KIND);
  const latest = (k: DeliveryKey) => col.find(keyOf(k)).sort({ gen: -1 }).limit(1).next();

  return {
    async claim(k, now, staleBefore) {
      if (await col.findOne({ ...keyOf(k), state: 'sent' })) return 'already_sent';
      const last = await latest(k);
      const free = !last || last.state === 'failed' || (last.state === 'claimed' && last.claimedAt < staleBefore);
      if (!free) return 'in_flight';
      const gen = (last?.gen ?? 0) + 1;
      try {
        await col.insertOne({ _id: `${keyString(k)}#${gen}`, ...keyOf(k), gen, state: 'claimed', claimedAt: now, version: 1 });
        return 'claimed';
      } catch (e) {
        if (isDuplicateKey(e)) return 'in_flight'; // another sender took generation `gen`
        throw e;
      }
    },
    async markSent(k, now) {
      await untilSettled(async () => {
        const last = await latest(k);
        if (!last) return;
        const { lastError: _cleared, ...rest } = last;
        await replace({ ...rest, state: 'sent', sentAt: now, version: last.version + 1 }, WHAT);
      });
    },
    async markFailed(k, error) {
      await untilSettled(async () => {
        const last = await latest(k);
        if (last?.state !== 'claimed') return; // a sent mark won, or nothing to release
        await replace({ ...last, state: 'failed', lastError: error, version: last.version + 1 }, WHAT);
      });
    },
    async get(k) {
      const sent = await col.findOne({ ...keyOf(k), state: 'sent' });
      const last = await latest(k);
      return last ? toRecord(sent ? { ...sent, gen: last.gen } : last) : null;
    },
    async list(filter) {
      const q: Partial<ClaimDoc> = {};
      if (filter.subject !== undefined) q.subject = filter.subject;
      if (filter.target !== undefined) q.target = filter.target;
      // Fold generations in code: a key is sent if any generation was, and counts every claim.
      const byKey = new Map<string, ClaimDoc>();
      for (const d of await col.find(q).sort({ gen: 1 }).toArray()) {
        const prev = byKey.get(keyString(d));
        byKey.set(keyString(d), prev?.state === 'sent' ? { ...prev, gen: d.gen } : { ...d, claimedAt: prev?.claimedAt ?? d.claimedAt });
      }
      return [...byKey.values()].map(toRecord).sort((a, b) => a.claimedAt.getTime() - b.claimedAt.getTime());
    },
  };
}
