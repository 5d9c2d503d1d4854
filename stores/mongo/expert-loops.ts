import type { Db } from 'mongodb';
import type { ExpertLoop, ExpertLoopRepo } from '../../domain/expert-service.js';
import { collections, fromDoc, toDoc, type Stored } from './collections.js';
import { mapDuplicate } from './errors.js';
import { versionedReplace } from './versioned-replace.js';

const WHAT = 'expert service loop';

/** 专家服务 loops on MongoDB / FerretDB 1.24: compare-and-set through versionedReplace (its claim). */
export async function mongoExpertLoopRepo(db: Db): Promise<ExpertLoopRepo> {
  const loops = db.collection<Stored<ExpertLoop>>('expert_loops');
  await loops.createIndex({ year: 1, townId: 1 });
  const replace = versionedReplace(collections(db), loops, 'expert_loop');
  return {
    async get(id) {
      const doc = await loops.findOne({ _id: id });
      return doc ? fromDoc<ExpertLoop>(doc) : null;
    },
    async save(loop) {
      const next = { ...loop, version: loop.version + 1 };
      if (loop.version === 0) await mapDuplicate(`${WHAT} ${loop.id}`, () => loops.insertOne(toDoc(next)));
      else await replace(toDoc(next), WHAT);
      return next;
    },
    async list(filter) {
      const docs = await loops.find({ year: filter.year, ...(filter.townId && { townId: filter.townId }) }).sort({ _id: 1 }).toArray();
      return docs.map((d) => fromDoc<ExpertLoop>(d));
    },
  };
}
