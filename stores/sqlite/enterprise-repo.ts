import type { Database } from 'better-sqlite3';
import type { Enterprise } from '../../domain/enterprise.js';
import type { EnterpriseRepo } from '../../domain/ports.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { rankEnterprises, searchKey } from '../shared/enterprise-search.js';
import { notFound, versionConflict } from '../shared/errors.js';
import { canonical, decodeJson, encodeJson } from '../shared/json-codec.js';
import { mapConstraints } from './errors.js';
import { Where } from './where.js';
import { statementCache } from './statement-cache.js';

// A separator no name contains, so one instr() over the joined keys finds name and alias matches.
const SEP = '\u001f';

const columns = (e: Enterprise) => ({
  id: e.id,
  town_id: e.townId,
  name: e.name,
  credit_code: e.creditCode ?? null,
  risk_level: e.riskLevel,
  search_text: [e.name, ...e.aliases].map(searchKey).join(SEP),
  created_at: e.createdAt.getTime(),
  version: e.version,
  doc: encodeJson(e),
});

type Row = { doc: string };
const fromRow = (row: Row | undefined): Enterprise | null => (row ? decodeJson<Enterprise>(row.doc) : null);
const decode = (rows: Row[]): Enterprise[] => rows.map((r) => decodeJson<Enterprise>(r.doc));

export function sqliteEnterpriseRepo(db: Database): EnterpriseRepo {
  const insert = db.prepare(
    `INSERT INTO enterprises (id, town_id, name, credit_code, risk_level, search_text, created_at, version, doc)
     VALUES (@id, @town_id, @name, @credit_code, @risk_level, @search_text, @created_at, @version, @doc)`,
  );
  const update = db.prepare(
    `UPDATE enterprises SET town_id = @town_id, name = @name, credit_code = @credit_code, risk_level = @risk_level,
       search_text = @search_text, created_at = @created_at, version = @version, doc = @doc
     WHERE id = @id AND version = @expected`,
  );
  const byId = db.prepare('SELECT doc FROM enterprises WHERE id = ?');
  const byCreditCode = db.prepare('SELECT doc FROM enterprises WHERE credit_code = ?');
  const prepared = statementCache(db);

  return {
    async insert(e) {
      mapConstraints(`enterprise ${e.id} / ${e.name} / ${e.creditCode ?? '-'}`, () => insert.run(columns(e)));
    },
    async update(e) {
      const next = canonical({ ...e, version: e.version + 1 });
      const { changes } = mapConstraints(`enterprise ${e.name} / ${e.creditCode ?? '-'}`, () =>
        update.run({ ...columns(next), expected: e.version }),
      );
      if (changes === 1) return next;
      throw byId.get(e.id) ? versionConflict('enterprise', e.id, e.version) : notFound('enterprise', e.id);
    },
    async get(id) {
      return fromRow(byId.get(id) as Row | undefined);
    },
    async getByCreditCode(code) {
      return fromRow(byCreditCode.get(code) as Row | undefined);
    },
    async search(query, limit, townId) {
      const q = searchKey(query);
      if (!q) return [];
      const where = new Where().add('instr(search_text, ?) > 0', q).eq('town_id', townId);
      const rows = prepared(`SELECT doc FROM enterprises ${where.sql}`).all(...where.params) as Row[];
      return rankEnterprises(decode(rows), q, limit);
    },
    async list(filter, page) {
      const where = new Where()
        .eq('town_id', filter.townId)
        .eq('risk_level', filter.riskLevel)
        .after(pageStart(page));
      const rows = prepared(`SELECT doc FROM enterprises ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...where.params, page.limit + 1) as Row[];
      return toPage(decode(rows), page.limit);
    },
  };
}
