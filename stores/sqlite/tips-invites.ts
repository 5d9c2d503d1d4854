import type { Database } from 'better-sqlite3';
import type { Invite, InviteRepo } from '../../domain/tips.js';
import { mapConstraints } from './errors.js';
import { initTipsSchema } from './tips-schema.js';

interface Row {
  code_hash: string;
  role: Invite['role'];
  town_id: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  /** JSON {enterpriseId?, enterpriseIds?}: the enterprise or expert an invite is for. */
  scope: string | null;
}

const scopeOf = (i: Invite): string | null =>
  i.enterpriseId !== undefined || i.enterpriseIds !== undefined ? JSON.stringify({ enterpriseId: i.enterpriseId, enterpriseIds: i.enterpriseIds }) : null;

const fromRow = (r: Row): Invite => ({
  codeHash: r.code_hash,
  role: r.role,
  ...(r.town_id !== null && { townId: r.town_id }),
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  ...(r.used_at !== null && { usedAt: new Date(r.used_at) }),
  ...(r.used_by !== null && { usedBy: r.used_by }),
  ...(r.scope !== null && (JSON.parse(r.scope) as Pick<Invite, 'enterpriseId' | 'enterpriseIds'>)),
});

export function createSqliteInviteRepo(db: Database): InviteRepo {
  initTipsSchema(db);
  // Added for the enterprise and expert roles: older files gain the column on open.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(official_invites)').all();
  if (!columns.some((c) => c.name === 'scope')) db.exec('ALTER TABLE official_invites ADD COLUMN scope TEXT');
  const insert = db.prepare(
    `INSERT INTO official_invites (code_hash, role, town_id, created_by, created_at, expires_at, scope)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const consume = db.prepare<[number, string, string, number], Row>(
    `UPDATE official_invites SET used_at = ?, used_by = ?
     WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING *`,
  );
  return {
    async insert(i) {
      mapConstraints('invite', () =>
        insert.run(i.codeHash, i.role, i.townId ?? null, i.createdBy, i.createdAt.getTime(), i.expiresAt.getTime(), scopeOf(i)),
      );
    },
    async consume(codeHash, usedBy, now) {
      const row = consume.get(now.getTime(), usedBy, codeHash, now.getTime());
      return row ? fromRow(row) : null;
    },
  };
}
