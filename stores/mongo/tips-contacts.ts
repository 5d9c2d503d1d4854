import type { TipContactRepo } from '../../domain/tips.js';
import type { TipCollections } from './tips-collections.js';

export function mongoTipContactRepo(c: TipCollections): TipContactRepo {
  return {
    async put(contact) {
      await c.tipContacts.replaceOne({ _id: contact.caseId }, { sealed: contact.sealed, lastStatus: contact.lastStatus }, { upsert: true });
    },
    async get(caseId) {
      const doc = await c.tipContacts.findOne({ _id: caseId });
      return doc && { caseId: doc._id, sealed: doc.sealed, lastStatus: doc.lastStatus };
    },
    async delete(caseId) {
      await c.tipContacts.deleteOne({ _id: caseId });
    },
  };
}
