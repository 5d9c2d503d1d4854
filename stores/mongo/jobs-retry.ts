import { setTimeout as sleep } from 'node:timers/promises';
import { isDomainError } from '../../domain/index.js';

/** Reads before giving up: a live writer holds a version claim for a few round trips only. */
const MAX_ROUNDS = 40;

/** A versioned write (versioned-replace.ts) lost to a concurrent writer: read again and decide anew. */
export const lostRace = (e: unknown): boolean => isDomainError(e, 'VERSION_CONFLICT') || isDomainError(e, 'NOT_FOUND');

/**
 * Runs `round` (read the record, then write it through versionedReplace/versionedDelete) until it does
 * not lose a race, pausing a little longer each time. Rounds only lose while another writer holds the
 * claim, or has just moved the record; after MAX_ROUNDS (a claim left by a writer that died, until
 * versioned-replace.ts takes it over) the last conflict is thrown.
 */
export async function untilSettled<T>(round: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await round();
    } catch (e) {
      if (!lostRace(e) || n >= MAX_ROUNDS) throw e;
      await sleep(Math.random() * Math.min(2 ** n, 50));
    }
  }
}
