import type { UpdateDedupRepo } from '../../domain/tips.js';
import { isDuplicateKey } from './errors.js';
import type { TipCollections } from './tips-collections.js';

const key = (source: string, id: number) => `${source}:${id}`;

export function mongoUpdateDedup(c: TipCollections): UpdateDedupRepo {
  return {
    async claim(source, id, now) {
      try {
        await c.updates.insertOne({ _id: key(source, id), seenAt: now });
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    },
    async release(source, id) {
      await c.updates.deleteOne({ _id: key(source, id) });
    },
    async prune(before) {
      return (await c.updates.deleteMany({ seenAt: { $lt: before } })).deletedCount;
    },
  };
}
