import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Page, PageRequest } from '../../domain/ports.js';

export const SCAN_BATCH = 500;

/** A scan as keyset pages, for a store whose sorted pages are cheap (SQLite reads their keys from an index). */
export async function* scanPages<T>(list: (page: PageRequest) => Promise<Page<T>>, batch = SCAN_BATCH): AsyncGenerator<T[]> {
  let after: string | undefined;
  do {
    const page = await list({ limit: batch, after });
    if (page.items.length > 0) yield page.items;
    after = page.next;
    // better-sqlite3 reads synchronously: without a turn of the event loop between pages, a long scan (the reminder
    // sweep's, which holds its puts back until it has read) would hold up every request until it ends.
    if (after) await nextTurn();
  } while (after);
}
