import type { Database } from 'better-sqlite3';
import type { DialogRepo } from '../../domain/ports.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';

export function sqliteDialogRepo(db: Database): DialogRepo {
  const get = db.prepare('SELECT state FROM dialogs WHERE chat = ?');
  const put = db.prepare(
    `INSERT INTO dialogs (chat, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const del = db.prepare('DELETE FROM dialogs WHERE chat = ?');
  return {
    async get(chat) {
      const row = get.get(chat) as { state: string } | undefined;
      return row ? decodeJson(row.state) : null;
    },
    async put(chat, state) {
      put.run(chat, encodeJson(state), Date.now());
    },
    async delete(chat) {
      del.run(chat);
    },
  };
}
