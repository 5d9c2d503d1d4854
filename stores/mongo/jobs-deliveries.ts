import type { Db } from 'mongodb';
import type { DeliveryKey, DeliveryLog, DeliveryRecord, DeliveryState } from '../../domain/reminders.js';

/**
 * One document per claim generation of a key. Taking generation n+1 is an insert under a unique index,
 * the only write FerretDB 1.24 performs atomically under concurrency (its conditional updates are not),
 * so two senders can never both hold a claim.
 */
interface ClaimDoc {
  target: string;
  subject: string;
  rung: string;
  gen: number;
  state: DeliveryState;
  claimedAt: Date;
  sentAt?: Date;
  lastError?: string;
}

const keyOf = (k: DeliveryKey) => ({ target: k.target, subject: k.subject, rung: k.rung });
const keyString = (d: DeliveryKey) => JSON.stringify([d.target, d.subject, d.rung]);
const isDuplicateKey = (e: unknown): boolean => (e as { code?: number }).code === 11000;

const toRecord = (d: ClaimDoc): DeliveryRecord => ({
  target: d.target,
  subject: d.subject,
  rung: d.rung,
  state: d.state,
  attempts: d.gen,
  claimedAt: d.claimedAt,
  sentAt: d.sentAt,
  lastError: d.lastError,
});

export async function createMongoDeliveryLog(db: Db): Promise<DeliveryLog> {
  const col = db.collection<ClaimDoc>('job_deliveries');
  await col.createIndex({ target: 1, subject: 1, rung: 1, gen: 1 }, { unique: true });
  await col.createIndex({ subject: 1 });
  const latest = (k: DeliveryKey) => col.find(keyOf(k)).sort({ gen: -1 }).limit(1).next();

  return {
    async claim(k, now, staleBefore) {
      if (await col.findOne({ ...keyOf(k), state: 'sent' })) return 'already_sent';
      const last = await latest(k);
      const free = !last || last.state === 'failed' || (last.state === 'claimed' && last.claimedAt < staleBefore);
      if (!free) return 'in_flight';
      try {
        await col.insertOne({ ...keyOf(k), gen: (last?.gen ?? 0) + 1, state: 'claimed', claimedAt: now });
        return 'claimed';
      } catch (e) {
        if (isDuplicateKey(e)) return 'in_flight';
        throw e;
      }
    },
    async markSent(k, now) {
      const last = await latest(k);
      if (last) await col.updateOne({ ...keyOf(k), gen: last.gen }, { $set: { state: 'sent', sentAt: now }, $unset: { lastError: '' } });
    },
    async markFailed(k, error) {
      const last = await latest(k);
      if (last?.state === 'claimed') await col.updateOne({ ...keyOf(k), gen: last.gen }, { $set: { state: 'failed', lastError: error } });
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
