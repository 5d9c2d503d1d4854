import type { Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import type { Stores } from '../../domain/ports.js';
import { mongoCaseRepo } from './case-repo.js';
import { collections } from './collections.js';
import { mongoDialogRepo } from './dialog-repo.js';
import { mongoEnterpriseRepo } from './enterprise-repo.js';
import { gridFsMedia } from './gridfs-media.js';
import { mongoIdentityRepo } from './identity-repo.js';
import { ensureIndexes } from './indexes.js';
import { backfillCaseDayKeys } from './case-day-keys.js';
import { mongoTownRepo } from './town-repo.js';

export interface MongoStoresOptions {
  uri: string;
  /** Latin letters, digits and `_` only: FerretDB rejects other database names. */
  dbName: string;
}

/**
 * The production stores on MongoDB 6+ or FerretDB 1.24, within their common subset (ARCHITECTURE.md,
 * "MongoDB portability"). The client drops `undefined` properties so an absent optional field stays
 * absent instead of becoming null.
 */
export async function openMongoStores(opts: MongoStoresOptions): Promise<Stores & { db: Db; client: MongoClient }> {
  if (!/^[A-Za-z0-9_]+$/.test(opts.dbName)) throw new Error(`invalid MongoDB database name: ${opts.dbName}`);
  const client = new MongoClient(opts.uri, { ignoreUndefined: true });
  await client.connect();
  const db = client.db(opts.dbName);
  const c = collections(db);
  try {
    await ensureIndexes(c);
    await backfillCaseDayKeys(db);
  } catch (e) {
    await client.close();
    throw e;
  }
  return {
    db,
    client,
    cases: mongoCaseRepo(c),
    enterprises: mongoEnterpriseRepo(c),
    towns: mongoTownRepo(c),
    identities: mongoIdentityRepo(c),
    dialogs: mongoDialogRepo(c),
    media: gridFsMedia(db),
    close: () => client.close(),
  };
}
