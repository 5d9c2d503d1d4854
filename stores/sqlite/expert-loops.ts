import type { Database } from 'better-sqlite3';
import type { ExpertLoop, ExpertLoopRepo } from '../../domain/expert-service.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import { notFound, versionConflict } from '../shared/errors.js';
import { mapConstraints } from './errors.js';

/** 专家服务 loops (domain/expert-service.ts); idempotent schema, like the notifications table. */
function initSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS expert_loops (
      id TEXT PRIMARY KEY,
      year INTEGER NOT NULL,
      town_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      doc TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS expert_loops_year ON expert_loops (year, town_id);
  `);
}

const WHAT = 'expert service loop';

export function sqliteExpertLoopRepo(db: Database): ExpertLoopRepo {
  initSchema(db);
  const get = db.prepare<[string], { doc: string }>('SELECT doc FROM expert_loops WHERE id = ?');
  const insert = db.prepare('INSERT INTO expert_loops (id, year, town_id, version, doc) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE expert_loops SET doc = ?, version = ?, town_id = ? WHERE id = ? AND version = ?');
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM expert_loops WHERE id = ?');
  return {
    async get(id) {
      const row = get.get(id);
      return row ? decodeJson<ExpertLoop>(row.doc) : null;
    },
    async save(loop) {
      const next = { ...loop, version: loop.version + 1 };
      if (loop.version === 0) {
        mapConstraints(`${WHAT} ${loop.id}`, () => insert.run(loop.id, loop.year, loop.townId, next.version, encodeJson(next)));
        return next;
      }
      // The compare-and-set: the row changes only while it is still at the version the caller read.
      if (update.run(encodeJson(next), next.version, loop.townId, loop.id, loop.version).changes === 1) return next;
      throw exists.get(loop.id) ? versionConflict(WHAT, loop.id, loop.version) : notFound(WHAT, loop.id);
    },
    async list(filter) {
      const rows = filter.townId
        ? db.prepare<[number, string], { doc: string }>('SELECT doc FROM expert_loops WHERE year = ? AND town_id = ? ORDER BY id').all(filter.year, filter.townId)
        : db.prepare<[number], { doc: string }>('SELECT doc FROM expert_loops WHERE year = ? ORDER BY id').all(filter.year);
      return rows.map((r) => decodeJson<ExpertLoop>(r.doc));
    },
  };
}
