import { isDomainError } from '../../domain/errors.js';
import type { DialogRepo } from '../../domain/ports.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import type { Collections } from './collections.js';
import { isDuplicateKey } from './errors.js';
import { versionedDelete, versionedReplace } from './versioned-replace.js';

const DEAD_WRITER_MS = 5_000;

/** A lost compare-and-set: the caller re-reads. Any other failure propagates. */
async function won(write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (isDomainError(e, 'VERSION_CONFLICT') || isDomainError(e, 'NOT_FOUND')) return false;
    throw e;
  }
}

/**
 * Compare-and-set on `version`. The first version is a plain insert (atomic under the unique `_id`); later
 * ones go through the unique-insert claim of versioned-replace.ts, since FerretDB 1.24's filtered updates
 * are not atomic.
 */
export function mongoDialogRepo(c: Collections): DialogRepo {
  // A claim left by a replica killed mid-write would block the chat for a minute; one step takes milliseconds and
  // runs under the chat lock, so a dialog claim older than a few seconds is a dead writer's.
  const replace = versionedReplace(c, c.dialogs, 'dialog', DEAD_WRITER_MS);
  const remove = versionedDelete(c, c.dialogs, 'dialog', DEAD_WRITER_MS);
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
      const doc = { _id: chat, state: encodeJson(state), version: expected + 1, updatedAt: new Date() };
      if (expected > 0) return won(() => replace(doc, 'dialog'));
      try {
        await c.dialogs.insertOne(doc);
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    },
    async delete(chat, expected) {
      if (expected === 0) return (await c.dialogs.countDocuments({ _id: chat }, { limit: 1 })) === 0;
      return won(() => remove(chat, expected, 'dialog'));
    },
  };
}
