import type { Database } from 'better-sqlite3';
import type { UpdateDedupRepo } from '../../domain/tips.js';
import { initTipsSchema } from './tips-schema.js';

export function createSqliteUpdateDedup(db: Database): UpdateDedupRepo {
  initTipsSchema(db);
  const claim = db.prepare('INSERT OR IGNORE INTO channel_updates (source, update_id, seen_at) VALUES (?, ?, ?)');
  const release = db.prepare('DELETE FROM channel_updates WHERE source = ? AND update_id = ?');
  const prune = db.prepare('DELETE FROM channel_updates WHERE seen_at < ?');
  return {
    async claim(source, id, now) {
      return claim.run(source, id, now.getTime()).changes > 0;
    },
    async release(source, id) {
      release.run(source, id);
    },
    async prune(before) {
      return prune.run(before.getTime()).changes;
    },
  };
}
