import type { Db } from 'mongodb';
import type { CaseStatus } from '../../domain/case.js';
import type { Invite, Tip } from '../../domain/tips.js';

/** `_id` is the receipt code. */
export type TipDoc = Omit<Tip, 'receiptCode'> & { _id: string };
export interface TipContactDoc {
  _id: string; // the case id
  sealed: string;
  lastStatus: CaseStatus;
}
/** `_id` is the SHA-256 of the session token. */
export interface ReceiptSessionDoc {
  _id: string;
  caseId: string;
  expiresAt: Date;
}
export type InviteDoc = Omit<Invite, 'codeHash'> & { _id: string };
/** The one write that decides who used an invite: an insert under the unique `_id`. */
export interface InviteUseDoc {
  _id: string;
  usedBy: string;
  usedAt: Date;
}
export interface UpdateSeenDoc {
  _id: string; // `${source}:${id}`
  seenAt: Date;
}

/** The tips' collections and their indexes (idempotent). Plain and unique indexes only (FerretDB 1.24), one call each. */
export async function tipCollections(db: Db) {
  const c = {
    tips: db.collection<TipDoc>('tips'),
    tipContacts: db.collection<TipContactDoc>('tip_contacts'),
    receiptSessions: db.collection<ReceiptSessionDoc>('receipt_sessions'),
    invites: db.collection<InviteDoc>('official_invites'),
    inviteUses: db.collection<InviteUseDoc>('official_invite_uses'),
    updates: db.collection<UpdateSeenDoc>('channel_updates'),
  };
  await c.tips.createIndex({ caseId: 1 }, { name: 'case_unique', unique: true });
  await c.receiptSessions.createIndex({ expiresAt: 1 }, { name: 'expiry' });
  await c.updates.createIndex({ seenAt: 1 }, { name: 'seen' });
  return c;
}
export type TipCollections = Awaited<ReturnType<typeof tipCollections>>;
