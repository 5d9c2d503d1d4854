import { randomUUID } from 'node:crypto';
import type { TipRepo } from '../../domain/tips.js';
import { mapDuplicate } from './errors.js';
import type { TipCollections } from './tips-collections.js';

/**
 * PIN attempts are counted by inserting one document each, the only write FerretDB 1.24 performs
 * atomically under concurrency; counting after the insert means parallel guesses all see each other.
 * A success or a lock moves the tip to a new epoch, which starts the count again.
 */
export function mongoTipRepo(c: TipCollections): TipRepo {
  return {
    async insert(t) {
      const { receiptCode, ...rest } = t;
      await mapDuplicate('tip', () => c.tips.insertOne({ _id: receiptCode, ...rest, attemptEpoch: 0 }));
    },
    async get(code) {
      const doc = await c.tips.findOne({ _id: code });
      if (!doc) return null;
      return { receiptCode: doc._id, caseId: doc.caseId, caseNumber: doc.caseNumber, pinHash: doc.pinHash, channel: doc.channel, reward: doc.reward };
    },
    async setReward(caseId, reward) {
      return (await c.tips.updateOne({ caseId }, { $set: { reward } })).matchedCount > 0;
    },
    async rewardOf(caseId) {
      const doc = await c.tips.findOne({ caseId }, { projection: { reward: 1 } });
      return doc?.reward ?? null;
    },
    async takeAttempt(code, now, policy) {
      const tip = await c.tips.findOne({ _id: code });
      if (!tip) return null;
      if (tip.lockedUntil && tip.lockedUntil > now) return { allowed: false, attemptsLeft: 0, lockedUntil: tip.lockedUntil };
      const epoch = tip.attemptEpoch;
      await c.tipAttempts.insertOne({ _id: randomUUID(), receiptCode: code, epoch });
      const taken = await c.tipAttempts.countDocuments({ receiptCode: code, epoch });
      // Racing the attempt that locks: refused, and the lock it is setting is about this long.
      if (taken > policy.max) return { allowed: false, attemptsLeft: 0, lockedUntil: new Date(now.getTime() + policy.lockMs) };
      if (taken < policy.max) return { allowed: true, attemptsLeft: policy.max - taken };
      const lockedUntil = new Date(now.getTime() + policy.lockMs);
      await c.tips.updateOne({ _id: code, attemptEpoch: epoch }, { $set: { lockedUntil, attemptEpoch: epoch + 1 } });
      // Older epochs only: attempts still racing on this one must keep seeing each other.
      await c.tipAttempts.deleteMany({ receiptCode: code, epoch: { $lt: epoch } });
      return { allowed: true, attemptsLeft: 0, lockedUntil };
    },
    async clearAttempts(code) {
      const tip = await c.tips.findOne({ _id: code });
      if (!tip) return;
      await c.tips.updateOne({ _id: code }, { $set: { attemptEpoch: tip.attemptEpoch + 1 }, $unset: { lockedUntil: '' } });
      await c.tipAttempts.deleteMany({ receiptCode: code, epoch: { $lt: tip.attemptEpoch } });
    },
  };
}
