import type { Db } from 'mongodb';
import type { CaseChangeIntent, CaseOutbox } from '../../domain/case-outbox.js';
import { isDuplicateKey } from './errors.js';

/**
 * The case-change outbox on MongoDB / FerretDB (domain/case-outbox.ts). Only single-document inserts and deletes by
 * `_id`, which FerretDB 1.24 performs atomically. Pushes and notices are JSON text: button rows are nested arrays.
 */
interface IntentDoc {
  _id: string;
  caseId: string;
  version: number;
  event: CaseChangeIntent['event'];
  pushes: string;
  notices?: string;
  tipMoved?: boolean;
  recordedAt: Date;
}

export async function createMongoCaseOutbox(db: Db): Promise<CaseOutbox> {
  const col = db.collection<IntentDoc>('case_outbox');
  await col.createIndex({ recordedAt: 1, _id: 1 });
  return {
    async put(i) {
      const doc: IntentDoc = { _id: i.id, caseId: i.caseId, version: i.version, event: i.event, pushes: JSON.stringify(i.pushes), ...(i.notices?.length && { notices: JSON.stringify(i.notices) }), ...(i.tipMoved && { tipMoved: true }), recordedAt: i.recordedAt };
      try {
        await col.insertOne(doc);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e; // recorded already: the same change, the same pushes
      }
    },
    async remove(id) {
      await col.deleteOne({ _id: id });
    },
    async recordedBefore(at, limit) {
      const docs = await col.find({ recordedAt: { $lt: at } }).sort({ recordedAt: 1, _id: 1 }).limit(limit).toArray();
      return docs.map((d) => ({
        id: d._id,
        caseId: d.caseId,
        version: d.version,
        event: d.event,
        pushes: JSON.parse(d.pushes) as CaseChangeIntent['pushes'],
        ...(d.notices && { notices: JSON.parse(d.notices) as CaseChangeIntent['notices'] }),
        ...(d.tipMoved && { tipMoved: true }),
        recordedAt: d.recordedAt,
      }));
    },
  };
}
