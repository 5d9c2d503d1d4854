import { DomainError } from '../../domain/errors.js';
import type { Page, PageRequest } from '../../domain/ports.js';

/**
 * Keyset paging shared by both adapters: newest first by (createdAt, id), so a page boundary is a
 * position, not an offset, and rows inserted between fetches neither repeat nor shift later pages.
 */
export interface CursorKey {
  createdAtMs: number;
  id: string;
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAtMs, key.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') {
      return { createdAtMs: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through: a malformed cursor is the caller's input error
  }
  throw new DomainError('INVALID_INPUT', 'invalid page cursor', { field: 'after' });
}

/** Validates a page request and returns the position it starts after (none for the first page). */
export function pageStart(page: PageRequest): CursorKey | undefined {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
    throw new DomainError('INVALID_INPUT', 'page limit must be a positive integer', { field: 'limit' });
  }
  return page.after === undefined ? undefined : decodeCursor(page.after);
}

/** `rows` were fetched with `limit + 1`: the extra row only says whether a next page exists. */
export function toPage<T extends { id: string; createdAt: Date }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last
    ? { items, next: encodeCursor({ createdAtMs: last.createdAt.getTime(), id: last.id }) }
    : { items };
}
