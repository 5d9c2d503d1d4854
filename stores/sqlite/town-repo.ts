import type { Database } from 'better-sqlite3';
import type { TownRepo } from '../../domain/ports.js';
import type { Town } from '../../domain/town.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';

type Row = { doc: string };

export function sqliteTownRepo(db: Database): TownRepo {
  const upsert = db.prepare('INSERT INTO towns (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
  const byId = db.prepare('SELECT doc FROM towns WHERE id = ?');
  const all = db.prepare('SELECT doc FROM towns ORDER BY id');
  return {
    async upsert(t) {
      upsert.run(t.id, encodeJson(t));
    },
    async get(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? decodeJson<Town>(row.doc) : null;
    },
    async list() {
      return (all.all() as Row[]).map((r) => decodeJson<Town>(r.doc));
    },
  };
}
