import type { Database } from 'better-sqlite3';
import type { Notification, NotificationRepo } from '../../domain/notifications.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import { mapConstraints } from './errors.js';
import { Where } from './where.js';

/** Personal notifications (domain/notifications.ts); idempotent schema, like the tips tables. */
function initSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS notifications (
      id TEXT PRIMARY KEY,
      identity_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      pushed_at INTEGER,
      read_at INTEGER,
      doc TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS notifications_person ON notifications (identity_id, created_at DESC, id DESC);
  `);
}

type Row = { doc: string; pushed_at: number | null; read_at: number | null };
const fromRow = (r: Row): Notification => {
  const n = decodeJson<Notification>(r.doc);
  return { ...n, ...(r.pushed_at !== null && { pushedAt: new Date(r.pushed_at) }), ...(r.read_at !== null && { readAt: new Date(r.read_at) }) };
};

export function sqliteNotificationRepo(db: Database): NotificationRepo {
  initSchema(db);
  const insert = db.prepare('INSERT INTO notifications (id, identity_id, created_at, pushed_at, read_at, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const unread = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM notifications WHERE identity_id = ? AND read_at IS NULL');
  const unpushed = db.prepare<[string], Row>(
    'SELECT doc, pushed_at, read_at FROM notifications WHERE identity_id = ? AND pushed_at IS NULL ORDER BY created_at, id',
  );
  const markPushed = db.prepare('UPDATE notifications SET pushed_at = ? WHERE id = ? AND pushed_at IS NULL');
  return {
    async insert(n) {
      const { pushedAt, readAt, ...doc } = n;
      mapConstraints(`notification ${n.id}`, () =>
        insert.run(n.id, n.identityId, n.createdAt.getTime(), pushedAt?.getTime() ?? null, readAt?.getTime() ?? null, encodeJson(doc)),
      );
    },
    async list(identityId, page) {
      const where = new Where().eq('identity_id', identityId).after(pageStart(page));
      const rows = db
        .prepare(`SELECT doc, pushed_at, read_at FROM notifications ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .all(...where.params, page.limit + 1) as Row[];
      return toPage(rows.map(fromRow), page.limit);
    },
    async unreadCount(identityId) {
      return unread.get(identityId)!.n;
    },
    async markRead(identityId, ids, now) {
      if (ids === 'all') {
        return db.prepare('UPDATE notifications SET read_at = ? WHERE identity_id = ? AND read_at IS NULL').run(now.getTime(), identityId).changes;
      }
      if (ids.length === 0) return 0;
      const sql = `UPDATE notifications SET read_at = ? WHERE identity_id = ? AND read_at IS NULL AND id IN (${ids.map(() => '?').join(',')})`;
      return db.prepare(sql).run(now.getTime(), identityId, ...ids).changes;
    },
    async unpushed(identityId) {
      return unpushed.all(identityId).map(fromRow);
    },
    async markPushed(id, now) {
      return markPushed.run(now.getTime(), id).changes === 1;
    },
  };
}
