import type { Database } from 'better-sqlite3';
import type { DialogRepo } from '../../domain/ports.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import { withoutFsync } from './durability.js';

/** Compare-and-set on `version`: each statement is atomic, so a write from a stale read changes no row. */
export function sqliteDialogRepo(db: Database): DialogRepo {
  const get = db.prepare('SELECT state, version FROM dialogs WHERE chat = ?');
  const insert = db.prepare('INSERT INTO dialogs (chat, state, updated_at, version) VALUES (?, ?, ?, 1) ON CONFLICT (chat) DO NOTHING');
  const update = db.prepare('UPDATE dialogs SET state = ?, updated_at = ?, version = version + 1 WHERE chat = ? AND version = ?');
  const del = db.prepare('DELETE FROM dialogs WHERE chat = ? AND version = ?');
  const relaxed = withoutFsync(db);
  return {
    async get(chat) {
      const row = get.get(chat) as { state: string; version: number } | undefined;
      return row ? { state: decodeJson(row.state), version: row.version } : null;
    },
    async put(chat, state, expected) {
      const text = encodeJson(state);
      const r = relaxed(() => (expected === 0 ? insert.run(chat, text, Date.now()) : update.run(text, Date.now(), chat, expected)));
      return r.changes === 1;
    },
    async delete(chat, expected) {
      return expected === 0 ? !get.get(chat) : relaxed(() => del.run(chat, expected)).changes === 1;
    },
  };
}
