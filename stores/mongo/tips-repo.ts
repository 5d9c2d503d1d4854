import type { TipRepo } from '../../domain/tips.js';
import { mapDuplicate } from './errors.js';
import type { TipCollections } from './tips-collections.js';

/** Tips by receipt code (`_id`); wrong PINs are counted by the rate-limit port, not here. */
export function mongoTipRepo(c: TipCollections): TipRepo {
  return {
    async insert(t) {
      const { receiptCode, ...rest } = t;
      await mapDuplicate('tip', () => c.tips.insertOne({ _id: receiptCode, ...rest }));
    },
    async get(code) {
      const doc = await c.tips.findOne({ _id: code });
      if (!doc) return null;
      return { receiptCode: doc._id, caseId: doc.caseId, pinHash: doc.pinHash, channel: doc.channel, reward: doc.reward };
    },
    async setReward(caseId, reward) {
      return (await c.tips.updateOne({ caseId }, { $set: { reward } })).matchedCount > 0;
    },
    async rewardOf(caseId) {
      const doc = await c.tips.findOne({ caseId }, { projection: { reward: 1 } });
      return doc?.reward ?? null;
    },
  };
}
