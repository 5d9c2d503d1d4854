import type { ReceiptSessionRepo } from '../../domain/tips.js';
import type { TipCollections } from './tips-collections.js';

/** Expired sessions are deleted by the next insert (FerretDB 1.24 has no TTL index to rely on). */
export function mongoReceiptSessions(c: TipCollections): ReceiptSessionRepo {
  return {
    async insert(s, now) {
      await c.receiptSessions.deleteMany({ expiresAt: { $lte: now } });
      await c.receiptSessions.insertOne({ _id: s.tokenHash, caseId: s.caseId, expiresAt: s.expiresAt });
    },
    async caseOf(tokenHash, now) {
      return (await c.receiptSessions.findOne({ _id: tokenHash, expiresAt: { $gt: now } }))?.caseId ?? null;
    },
  };
}
