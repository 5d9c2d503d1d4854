import type { Db } from 'mongodb';
import type { TipStores } from '../../domain/tips.js';
import { tipCollections } from './tips-collections.js';
import { mongoTipContactRepo } from './tips-contacts.js';
import { mongoInviteRepo } from './tips-invites.js';
import { mongoTipRepo } from './tips-repo.js';
import { mongoReceiptSessions } from './tips-receipt-sessions.js';
import { mongoUpdateDedup } from './tips-update-dedup.js';

/** Tips, tip contacts, receipt sessions, invites and channel update ids on a MongoDB (or FerretDB) database; creates their indexes. */
export async function createMongoTipStores(db: Db): Promise<TipStores> {
  const c = await tipCollections(db);
  return {
    tips: mongoTipRepo(c),
    tipContacts: mongoTipContactRepo(c),
    receiptSessions: mongoReceiptSessions(c),
    invites: mongoInviteRepo(c),
    updateDedup: mongoUpdateDedup(c),
  };
}
