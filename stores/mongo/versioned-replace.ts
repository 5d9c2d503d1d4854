import type { Collection, Filter, WithoutId } from 'mongodb';
import { duplicate, notFound, versionConflict } from '../shared/errors.js';
import type { Collections, VersionClaimDoc } from './collections.js';
import { isDuplicateKey } from './errors.js';

/** A claim older than this belongs to a writer that died between claim and replace. */
const ABANDONED_CLAIM_MS = 60_000;

/**
 * True when this caller holds the claim; false when another writer does. The one atomic write FerretDB
 * 1.24 offers, an insert under a unique `_id`, decides; the holder deletes the claim when done.
 */
export async function insertClaim(claims: Collection<VersionClaimDoc>, claimId: string, abandonedAfterMs = ABANDONED_CLAIM_MS): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await claims.insertOne({ _id: claimId, at: new Date() });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const abandoned = await claims.findOne({
      _id: claimId,
      at: { $lt: new Date(Date.now() - abandonedAfterMs) },
    });
    if (!abandoned) return false;
    // Take it over. Two takers racing here could, on FerretDB only, both end up holding it.
    await claims.deleteOne({ _id: claimId, at: abandoned.at });
  }
  return false;
}

/**
 * Compare-and-set replace on `version` that also holds on FerretDB 1.24, whose update and
 * findAndModify read the matching document and then write it back by `_id` without re-checking the
 * filter, so two writers from one read would both "win". Inserts into a unique index are atomic there,
 * so the writer of version n+1 first inserts the claim `<kind>:<id>:<n+1>`: one writer per base version
 * gets past it, replaces the record, and deletes the claim. Nobody else writes the record meanwhile,
 * so FerretDB's late writes cannot interleave. On MongoDB the claim is redundant but harmless.
 */
export function versionedReplace<T extends { _id: string; version: number }>(
  c: Collections,
  coll: Collection<T>,
  kind: string,
  /** Records whose writers already hold a lock of their own (dialogs: the chat lock) can take over sooner. */
  abandonedAfterMs = ABANDONED_CLAIM_MS,
) {
  /** Stores `next` (version n+1) iff the stored record is at version n. */
  return async function replace(next: T, what: string): Promise<void> {
    const { _id: id, version, ...rest } = next;
    const expected = version - 1;
    const claimId = `${kind}:${id}:${version}`;
    if (!(await insertClaim(c.versionClaims, claimId, abandonedAfterMs))) throw versionConflict(what, id, expected);
    try {
      const filter = { _id: id, version: expected } as Filter<T>;
      const { matchedCount } = await coll.replaceOne(filter, { ...rest, version } as WithoutId<T>);
      if (matchedCount === 1) return;
      const exists = await coll.findOne({ _id: id } as Filter<T>, { projection: { _id: 1 } });
      throw exists ? versionConflict(what, id, expected) : notFound(what, id);
    } catch (e) {
      throw isDuplicateKey(e) ? duplicate(what, e) : e;
    } finally {
      await c.versionClaims.deleteOne({ _id: claimId });
    }
  };
}

/**
 * Compare-and-set delete on `version`, for records that versionedReplace writes. FerretDB 1.24's delete
 * also reads the matching documents and then deletes them by `_id`, so it takes the same claim as a
 * replace of that version would (`<kind>:<id>:<n+1>`): a delete and a replace of version n exclude each
 * other, and the replace cannot land on a record that a later insert brought back under the same `_id`.
 */
export function versionedDelete<T extends { _id: string; version: number }>(
  c: Collections,
  coll: Collection<T>,
  kind: string,
  abandonedAfterMs = ABANDONED_CLAIM_MS,
) {
  /** Deletes the record iff it is stored at `version`. */
  return async function remove(id: string, version: number, what: string): Promise<void> {
    const claimId = `${kind}:${id}:${version + 1}`;
    if (!(await insertClaim(c.versionClaims, claimId, abandonedAfterMs))) throw versionConflict(what, id, version);
    try {
      const { deletedCount } = await coll.deleteOne({ _id: id, version } as Filter<T>);
      if (deletedCount === 1) return;
      const exists = await coll.findOne({ _id: id } as Filter<T>, { projection: { _id: 1 } });
      throw exists ? versionConflict(what, id, version) : notFound(what, id);
    } finally {
      await c.versionClaims.deleteOne({ _id: claimId });
    }
  };
}

/** Deletes claims older than `olderThanMs`: those left on purpose (dialog-repo.ts) and any a dead writer left. */
export async function reapClaims(claims: Collection<VersionClaimDoc>, olderThanMs: number): Promise<void> {
  await claims.deleteMany({ at: { $lt: new Date(Date.now() - olderThanMs) } });
}
