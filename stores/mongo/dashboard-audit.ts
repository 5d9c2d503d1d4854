import type { Db, Filter } from 'mongodb';
import type { AuditEntry, AuditLog } from '../../domain/dashboard.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { afterQuery } from './paging.js';

/** `createdAt` mirrors `at` so the shared keyset paging applies unchanged. */
type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string; createdAt: Date };

export async function mongoAuditLog(db: Db): Promise<AuditLog> {
  const col = db.collection<AuditDoc>('dashboard_audit');
  await col.createIndex({ createdAt: -1, _id: -1 }, { name: 'newest' });
  await col.createIndex({ actorId: 1, createdAt: -1 }, { name: 'actor' });
  await col.createIndex({ target: 1, createdAt: -1 }, { name: 'target' });
  return {
    async append(e) {
      const { id, ...rest } = e;
      await col.insertOne({ _id: id, ...rest, createdAt: e.at });
    },
    async list(filter, page) {
      const q: Filter<AuditDoc> = { ...(afterQuery(pageStart(page)) as Filter<AuditDoc>) };
      if (filter.actorId !== undefined) q.actorId = filter.actorId;
      if (filter.target !== undefined) q.target = filter.target;
      const docs = await col.find(q).sort({ createdAt: -1, _id: -1 }).limit(page.limit + 1).toArray();
      const paged = toPage(docs.map(({ _id, ...d }) => ({ ...d, id: _id })), page.limit);
      return { ...paged, items: paged.items.map(({ createdAt: _, ...e }) => e) };
    },
  };
}
