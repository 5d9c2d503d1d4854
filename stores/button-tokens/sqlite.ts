import type { Database } from 'better-sqlite3';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';

/** Button tokens in the SQLite file; expired rows are ignored on read and swept at most hourly on write. */
export function sqliteButtonTokens(db: Database): ButtonTokenRepo {
  db.exec('CREATE TABLE IF NOT EXISTS button_tokens (token TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL)');
  const put = db.prepare(
    'INSERT INTO button_tokens (token, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(token) DO UPDATE SET value = excluded.value, expires_at = max(expires_at, excluded.expires_at)',
  );
  const get = db.prepare<[string, number], { value: string }>('SELECT value FROM button_tokens WHERE token = ? AND expires_at > ?');
  const sweep = db.prepare('DELETE FROM button_tokens WHERE expires_at <= ?');
  let sweptAt = 0;
  return {
    async put(token, value, expiresAt) {
      put.run(token, value, expiresAt.getTime());
      if (Date.now() - sweptAt > 3_600_000) {
        sweptAt = Date.now();
        sweep.run(Date.now());
      }
    },
    async get(token, now) {
      return get.get(token, now.getTime())?.value ?? null;
    },
  };
}
