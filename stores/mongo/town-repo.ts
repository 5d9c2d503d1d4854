import type { TownRepo } from '../../domain/ports.js';
import type { Town } from '../../domain/town.js';
import type { Collections } from './collections.js';
import { fromDoc, toDoc } from './collections.js';

export function mongoTownRepo(c: Collections): TownRepo {
  return {
    async upsert(t) {
      const { _id, ...doc } = toDoc(t);
      await c.towns.replaceOne({ _id }, doc, { upsert: true });
    },
    async get(id) {
      const doc = await c.towns.findOne({ _id: id });
      return doc && fromDoc<Town>(doc);
    },
    async list() {
      return (await c.towns.find().sort({ _id: 1 }).toArray()).map((d) => fromDoc<Town>(d));
    },
  };
}
