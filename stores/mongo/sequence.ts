import type { Collections } from './collections.js';
import { isDuplicateKey } from './errors.js';

const MAX_ATTEMPTS = 1000;

/**
 * An atomic per-key counter that also holds on FerretDB 1.24, where concurrent `$inc`s can read the
 * same value (see versioned-replace.ts). The counter only proposes a number; inserting its claim into a
 * unique `_id` takes it, and a caller that loses the claim asks again. Every value the counter ever
 * holds is claimed by someone, and it only ever moves to a held value + 1, so numbers have no gaps.
 */
export async function nextSequence(c: Collections, key: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let seq: number;
    try {
      const doc = await c.counters.findOneAndUpdate(
        { _id: key },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
      if (!doc) throw new Error(`counter ${key}: upsert returned no document`);
      seq = doc.seq;
    } catch (e) {
      if (isDuplicateKey(e)) continue; // two first-ever upserts of the key raced; the counter exists now
      throw e;
    }
    try {
      await c.sequenceClaims.insertOne({ _id: `${key}:${seq}` });
      return seq;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  throw new Error(`counter ${key}: no free number after ${MAX_ATTEMPTS} attempts`);
}
