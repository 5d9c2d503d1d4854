import type { Database } from 'better-sqlite3';
import type { CaseStatus } from '../../domain/case.js';
import type { TipContactRepo } from '../../domain/tips.js';
import { initTipsSchema } from './tips-schema.js';

type Row = { case_id: string; sealed: string; last_status: CaseStatus };

export function createSqliteTipContactRepo(db: Database): TipContactRepo {
  initTipsSchema(db);
  const put = db.prepare(
    `INSERT INTO tip_contacts (case_id, sealed, last_status) VALUES (?, ?, ?)
     ON CONFLICT (case_id) DO UPDATE SET sealed = excluded.sealed, last_status = excluded.last_status`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM tip_contacts WHERE case_id = ?');
  const del = db.prepare('DELETE FROM tip_contacts WHERE case_id = ?');
  return {
    async put(c) {
      put.run(c.caseId, c.sealed, c.lastStatus);
    },
    async get(caseId) {
      const r = get.get(caseId);
      return r ? { caseId: r.case_id, sealed: r.sealed, lastStatus: r.last_status } : null;
    },
    async delete(caseId) {
      del.run(caseId);
    },
  };
}
