import type { Database } from 'better-sqlite3';
import type { LoginTokenRepo } from '../../domain/dashboard.js';

const DAY = 24 * 3600_000;

export function sqliteLoginTokens(db: Database): LoginTokenRepo {
  const insert = db.prepare('INSERT INTO dashboard_login_tokens (hash, identity_id, expires_at) VALUES (?, ?, ?)');
  const purge = db.prepare('DELETE FROM dashboard_login_tokens WHERE expires_at < ?');
  // One statement: of two concurrent redemptions only one sees used_at still NULL.
  const consume = db.prepare<[number, string, number], { identity_id: string }>(
    `UPDATE dashboard_login_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?
     RETURNING identity_id`,
  );
  return {
    async put(t) {
      purge.run(t.expiresAt.getTime() - DAY);
      insert.run(t.hash, t.identityId, t.expiresAt.getTime());
    },
    async consume(hash, now) {
      return consume.get(now.getTime(), hash, now.getTime())?.identity_id ?? null;
    },
  };
}
