import type { Database } from 'better-sqlite3';
import type { Case } from '../../domain/case.js';
import { formatCaseNumber } from '../../domain/case.js';
import type { CaseRepo } from '../../domain/ports.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { scanPages } from '../shared/scan-pages.js';
import { notFound, versionConflict } from '../shared/errors.js';
import { canonical, decodeJson, encodeJson } from '../shared/json-codec.js';
import { initCaseChangesSchema } from './case-changes-schema.js';
import { caseWhere } from './case-query.js';
import { mapConstraints } from './errors.js';
import { statementCache } from './statement-cache.js';

/** The indexed columns of a case row, named as the SQL parameters below. */
const columns = (c: Case) => ({
  id: c.id,
  number: c.number,
  status: c.status,
  town_id: c.townId ?? null,
  severity: c.severity ?? null,
  source: c.source,
  enterprise_id: c.enterpriseId ?? null,
  assignee_id: c.assigneeId ?? null,
  reporter_id: c.reporterId ?? null,
  deadline: c.deadline?.getTime() ?? null,
  created_at: c.createdAt.getTime(),
  updated_at: c.updatedAt.getTime(),
  version: c.version,
  doc: encodeJson(c),
});

type Row = { doc: string };
const fromRow = (row: Row | undefined): Case | null => (row ? decodeJson<Case>(row.doc) : null);

export function sqliteCaseRepo(db: Database): CaseRepo {
  initCaseChangesSchema(db);
  const nextSeq = db.prepare(
    `INSERT INTO sequences (prefix, year, seq) VALUES (?, ?, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const insert = db.prepare(
    `INSERT INTO cases (id, number, status, town_id, severity, source, enterprise_id, assignee_id, reporter_id,
       deadline, created_at, updated_at, version, doc)
     VALUES (@id, @number, @status, @town_id, @severity, @source, @enterprise_id, @assignee_id, @reporter_id,
       @deadline, @created_at, @updated_at, @version, @doc)`,
  );
  const update = db.prepare(
    `UPDATE cases SET number = @number, status = @status, town_id = @town_id, severity = @severity, source = @source,
       enterprise_id = @enterprise_id, assignee_id = @assignee_id, reporter_id = @reporter_id, deadline = @deadline,
       created_at = @created_at, updated_at = @updated_at, version = @version, doc = @doc
     WHERE id = @id AND version = @expected`,
  );
  const byId = db.prepare('SELECT doc FROM cases WHERE id = ?');
  const prepared = statementCache(db);
  const byNumber = db.prepare('SELECT doc FROM cases WHERE number = ?');

  const repo: CaseRepo = {
    async nextSequence(prefix, year) {
      return (nextSeq.get(prefix, year) as { seq: number }).seq;
    },
    async insertNumbered(c, prefix, year) {
      // One transaction: a failed insert hands its number back.
      return db.transaction(() => {
        const numbered = { ...c, number: formatCaseNumber(prefix, year, (nextSeq.get(prefix, year) as { seq: number }).seq) };
        mapConstraints(`case ${c.id}`, () => insert.run(columns(numbered)));
        return numbered;
      })();
    },
    async insert(c) {
      mapConstraints(`case ${c.id} / ${c.number}`, () => insert.run(columns(c)));
    },
    async get(id) {
      return fromRow(byId.get(id) as Row | undefined);
    },
    async getByNumber(number) {
      return fromRow(byNumber.get(number) as Row | undefined);
    },
    async update(c) {
      const next = canonical({ ...c, version: c.version + 1 });
      const { changes } = mapConstraints(`case number ${c.number}`, () =>
        update.run({ ...columns(next), expected: c.version }),
      );
      if (changes === 1) return next;
      throw byId.get(c.id) ? versionConflict('case', c.id, c.version) : notFound('case', c.id);
    },
    async list(filter, page) {
      const where = caseWhere(filter, pageStart(page));
      // Only the keys are sorted: a filter that matches many cases (the reminder sweep's) would otherwise
      // sort every matching document on each page.
      const rows = prepared(
        `SELECT doc FROM cases WHERE id IN (SELECT id FROM cases ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?)
         ORDER BY created_at DESC, id DESC`,
      ).all(...where.params, page.limit + 1) as Row[];
      return toPage(rows.map((r) => decodeJson<Case>(r.doc)), page.limit);
    },
    scan: (filter, batch) => scanPages((page) => repo.list(filter, page), batch),
    async count(filter) {
      const where = caseWhere(filter);
      return (prepared(`SELECT count(*) AS n FROM cases ${where.sql}`).get(...where.params) as { n: number }).n;
    },
  };
  return repo;
}
