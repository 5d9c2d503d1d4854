import type { Database } from 'better-sqlite3';
import type { CaseChangeIntent, CaseOutbox } from '../../domain/case-outbox.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';

/** The case-change outbox in the embedded file (domain/case-outbox.ts); the intent is one JSON document. */
export function createSqliteCaseOutbox(db: Database): CaseOutbox {
  db.exec(`
    CREATE TABLE IF NOT EXISTS case_outbox (id TEXT PRIMARY KEY, recorded_at INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS case_outbox_recorded ON case_outbox (recorded_at, id);
  `);
  const put = db.prepare('INSERT INTO case_outbox (id, recorded_at, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const remove = db.prepare('DELETE FROM case_outbox WHERE id = ?');
  const before = db.prepare<[number, number], { doc: string }>('SELECT doc FROM case_outbox WHERE recorded_at < ? ORDER BY recorded_at, id LIMIT ?');
  return {
    async put(i) {
      put.run(i.id, i.recordedAt.getTime(), encodeJson(i));
    },
    async remove(id) {
      remove.run(id);
    },
    async recordedBefore(at, limit) {
      return before.all(at.getTime(), limit).map((r) => decodeJson<CaseChangeIntent>(r.doc));
    },
  };
}
