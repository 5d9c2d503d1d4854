import type { Filter } from 'mongodb';
import type { CursorKey } from '../shared/cursor.js';

/** Every paged collection has string ids and a createdAt (see shared/cursor.ts). */
export type Paged = { _id: string; createdAt: Date };

/** The order of every paged list. */
export const newestFirst = { createdAt: -1, _id: -1 } as const;

/** Documents after the cursor in `newestFirst` order. */
export function afterQuery(key: CursorKey | undefined): Filter<Paged> {
  if (!key) return {};
  const at = new Date(key.createdAtMs);
  return { $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: key.id } }] };
}
