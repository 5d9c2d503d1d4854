import type { Db } from 'mongodb';
import type { LoginTokenRepo } from '../../domain/dashboard.js';
import { isDuplicateKey } from './errors.js';

interface TokenDoc {
  _id: string; // the token's hash
  identityId: string;
  expiresAt: Date;
}

const DAY = 24 * 3600_000;

/**
 * Redeeming inserts into a second collection keyed by the hash: an insert under a unique key is the one
 * write FerretDB 1.24 performs atomically under concurrency, so a link is good for exactly one login.
 */
export async function mongoLoginTokens(db: Db): Promise<LoginTokenRepo> {
  const tokens = db.collection<TokenDoc>('dashboard_login_tokens');
  const uses = db.collection<{ _id: string; usedAt: Date; expiresAt: Date }>('dashboard_login_token_uses');
  await tokens.createIndex({ expiresAt: 1 }, { name: 'expiry' });
  await uses.createIndex({ expiresAt: 1 }, { name: 'expiry' });
  return {
    async put(t) {
      const stale = { expiresAt: { $lt: new Date(t.expiresAt.getTime() - DAY) } };
      await tokens.deleteMany(stale);
      await uses.deleteMany(stale);
      await tokens.insertOne({ _id: t.hash, identityId: t.identityId, expiresAt: t.expiresAt });
    },
    async consume(hash, now) {
      const t = await tokens.findOne({ _id: hash });
      if (!t || t.expiresAt.getTime() <= now.getTime()) return null;
      try {
        await uses.insertOne({ _id: hash, usedAt: now, expiresAt: t.expiresAt });
        return t.identityId;
      } catch (e) {
        if (isDuplicateKey(e)) return null;
        throw e;
      }
    },
  };
}
