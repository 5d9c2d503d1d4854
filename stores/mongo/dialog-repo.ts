import { randomInt } from 'node:crypto';
import type { DialogRepo } from '../../domain/ports.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import type { Collections } from './collections.js';
import { isDuplicateKey } from './errors.js';
import { insertClaim, reapClaims } from './versioned-replace.js';

/** A claim older than this is a dead writer's: a step takes milliseconds and runs under the chat lock. */
const DEAD_WRITER_MS = 5_000;
/** Claims are left in place (one command fewer per step) and deleted in bulk, at most this often per process. */
const REAP_EVERY_MS = 30_000;
const REAP_OLDER_THAN_MS = 60_000;
/** Writes one dialog may take before its versions could meet another's (a report takes about ten). */
const SPAN = 2 ** 10;

/**
 * A new dialog's first version: a random multiple of 2^10 below 2^53, plus one. A chat's dialog is deleted and begun
 * again many times; each beginning gets versions no other dialog uses (but with odds of about 2^-43), so a claim
 * can be named by the version alone: it never stands in a later dialog's way and never names the chat (a finished
 * anonymous tip leaves no trace of who sent it).
 */
const firstVersion = () => randomInt(1, 2 ** 43) * SPAN + 1;
const claimOf = (version: number) => `dialog:${version}`;

/**
 * Compare-and-set on `version`. The first version is a plain insert (atomic under the unique `_id`). Later writes
 * first insert the claim of the version they write, since FerretDB 1.24's filtered updates and deletes read the
 * matching document and then write it back by `_id` without re-checking the filter (versioned-replace.ts): one
 * writer per version gets past the claim, and its filtered write then fails if the dialog moved on meanwhile.
 */
export function mongoDialogRepo(c: Collections): DialogRepo {
  let reapedAt = Date.now();
  const reapNow = () => {
    if (Date.now() - reapedAt < REAP_EVERY_MS) return;
    reapedAt = Date.now();
    // Not awaited: no step waits for it. A failed reap is retried later; the claims left meanwhile only age.
    reapClaims(c.versionClaims, REAP_OLDER_THAN_MS).catch(() => undefined);
  };
  /**
   * Runs `write` holding the claim of version `next`; false when another writer holds it. A dialog begun before
   * versions were random (below SPAN) names its chat in the claim, which it gives back at once, as it always did.
   */
  async function claimed(chat: string, next: number, write: () => Promise<boolean>): Promise<boolean> {
    reapNow();
    const shared = next > SPAN;
    const id = shared ? claimOf(next) : `dialog:${chat}:${next}`;
    if (!(await insertClaim(c.versionClaims, id, DEAD_WRITER_MS))) return false;
    try {
      return await write();
    } finally {
      if (!shared) await c.versionClaims.deleteOne({ _id: id });
    }
  }
  return {
    async get(chat) {
      const doc = await c.dialogs.findOne({ _id: chat });
      if (!doc) return null;
      // Written before dialogs had versions: reset like any state an older version wrote.
      if (typeof doc.version !== 'number') {
        await c.dialogs.deleteOne({ _id: chat });
        return null;
      }
      return { state: decodeJson(doc.state), version: doc.version };
    },
    async put(chat, state, expected) {
      const doc = { state: encodeJson(state), updatedAt: new Date() };
      if (expected === 0) {
        try {
          await c.dialogs.insertOne({ _id: chat, ...doc, version: firstVersion() });
          return true;
        } catch (e) {
          if (isDuplicateKey(e)) return false;
          throw e;
        }
      }
      return claimed(chat, expected + 1, async () => {
        const { matchedCount } = await c.dialogs.replaceOne({ _id: chat, version: expected }, { ...doc, version: expected + 1 });
        return matchedCount === 1;
      });
    },
    async delete(chat, expected) {
      if (expected === 0) return (await c.dialogs.countDocuments({ _id: chat }, { limit: 1 })) === 0;
      return claimed(chat, expected + 1, async () => (await c.dialogs.deleteOne({ _id: chat, version: expected })).deletedCount === 1);
    },
  };
}
