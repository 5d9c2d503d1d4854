import type { Database } from 'better-sqlite3';
import type { DashboardSessionRepo } from '../../domain/dashboard.js';

export function sqliteDashboardSessions(db: Database): DashboardSessionRepo {
  const get = db.prepare<[string], { last_seen: number }>('SELECT last_seen FROM dashboard_sessions WHERE chat = ?');
  const put = db.prepare(
    'INSERT INTO dashboard_sessions (chat, last_seen) VALUES (?, ?) ON CONFLICT (chat) DO UPDATE SET last_seen = excluded.last_seen',
  );
  const del = db.prepare('DELETE FROM dashboard_sessions WHERE chat = ?');
  const prune = db.prepare('DELETE FROM dashboard_sessions WHERE last_seen < ?');
  const keep = db.prepare('INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const secret = db.prepare<[string], { value: string }>('SELECT value FROM app_secrets WHERE name = ?');
  return {
    async lastSeen(chat) {
      const row = get.get(chat);
      return row ? new Date(row.last_seen) : null;
    },
    async seen(chat, at) {
      put.run(chat, at.getTime());
    },
    async end(chat) {
      del.run(chat);
    },
    async prune(before) {
      prune.run(before.getTime());
    },
    async secret(name, fresh) {
      keep.run(name, fresh);
      return (secret.get(name) as { value: string }).value;
    },
  };
}
