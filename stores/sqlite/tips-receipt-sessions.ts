import type { Database } from 'better-sqlite3';
import type { ReceiptSessionRepo } from '../../domain/tips.js';
import { initTipsSchema } from './tips-schema.js';

export function createSqliteReceiptSessions(db: Database): ReceiptSessionRepo {
  initTipsSchema(db);
  const prune = db.prepare('DELETE FROM receipt_sessions WHERE expires_at <= ?');
  const insert = db.prepare('INSERT INTO receipt_sessions (token_hash, case_id, expires_at) VALUES (?, ?, ?)');
  const caseOf = db.prepare<[string, number], { case_id: string }>('SELECT case_id FROM receipt_sessions WHERE token_hash = ? AND expires_at > ?');
  return {
    async insert(s, now) {
      db.transaction(() => {
        prune.run(now.getTime());
        insert.run(s.tokenHash, s.caseId, s.expiresAt.getTime());
      })();
    },
    async caseOf(tokenHash, now) {
      return caseOf.get(tokenHash, now.getTime())?.case_id ?? null;
    },
  };
}
