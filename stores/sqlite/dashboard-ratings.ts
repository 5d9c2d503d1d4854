import type { Database } from 'better-sqlite3';
import type { RatingChange, RatingHistory } from '../../domain/dashboard.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';

export function sqliteRatingHistory(db: Database): RatingHistory {
  const insert = db.prepare('INSERT INTO dashboard_ratings (id, enterprise_id, at, doc) VALUES (?, ?, ?, ?)');
  const list = db.prepare<[string], { doc: string }>('SELECT doc FROM dashboard_ratings WHERE enterprise_id = ? ORDER BY at, id');
  return {
    async append(c) {
      insert.run(c.id, c.enterpriseId, c.at.getTime(), encodeJson(c));
    },
    async list(enterpriseId) {
      return list.all(enterpriseId).map((r) => decodeJson<RatingChange>(r.doc));
    },
  };
}
