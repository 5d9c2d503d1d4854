import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditLog } from '../../domain/dashboard.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import { Where } from './where.js';

export function sqliteAuditLog(db: Database): AuditLog {
  const insert = db.prepare('INSERT INTO dashboard_audit (id, created_at, actor_id, target, doc) VALUES (?, ?, ?, ?, ?)');
  return {
    async append(e) {
      insert.run(e.id, e.at.getTime(), e.actorId, e.target ?? null, encodeJson(e));
    },
    async list(filter, page) {
      const where = new Where().eq('actor_id', filter.actorId).eq('target', filter.target).after(pageStart(page));
      const rows = db
        .prepare(`SELECT doc FROM dashboard_audit ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .all(...where.params, page.limit + 1) as { doc: string }[];
      const entries = rows.map((r) => decodeJson<AuditEntry>(r.doc));
      const paged = toPage(entries.map((e) => ({ ...e, createdAt: e.at })), page.limit);
      return { ...paged, items: paged.items.map(({ createdAt: _, ...e }) => e) };
    },
  };
}
