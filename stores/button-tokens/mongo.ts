import type { Db } from 'mongodb';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';
import { isDuplicateKey } from '../mongo/errors.js';

interface ButtonTokenDoc {
  _id: string;
  value: string;
  expiresAt: Date;
}

/**
 * Button tokens in MongoDB. No TTL index (FerretDB 1.24 has none): expired documents are ignored on read
 * and swept at most hourly on write.
 */
export async function mongoButtonTokens(db: Db): Promise<ButtonTokenRepo> {
  const c = db.collection<ButtonTokenDoc>('button_tokens');
  await c.createIndex({ expiresAt: 1 }, { name: 'expires' });
  let sweptAt = 0;
  return {
    async put(token, value, expiresAt) {
      const write = () => c.updateOne({ _id: token }, { $set: { value }, $max: { expiresAt } }, { upsert: true });
      try {
        await write();
      } catch (e) {
        // Two replicas upserting one new token: the loser's insert collides; the row now exists, so update it.
        if (!isDuplicateKey(e)) throw e;
        await write();
      }
      if (Date.now() - sweptAt > 3_600_000) {
        sweptAt = Date.now();
        await c.deleteMany({ expiresAt: { $lte: new Date() } });
      }
    },
    async get(token, now) {
      return (await c.findOne({ _id: token, expiresAt: { $gt: now } }))?.value ?? null;
    },
  };
}
