import type { Database } from 'better-sqlite3';
import type { Identity } from '../../domain/identity.js';
import type { IdentityRepo } from '../../domain/ports.js';
import { notFound } from '../shared/errors.js';
import { decodeJson, encodeJson } from '../shared/json-codec.js';
import { mapConstraints } from './errors.js';
import { Where } from './where.js';
import { statementCache } from './statement-cache.js';

const columns = (i: Identity) => ({
  id: i.id,
  username: i.username ?? null,
  role: i.role,
  town_id: i.townId ?? null,
  created_at: i.createdAt.getTime(),
  doc: encodeJson(i),
});

type Row = { doc: string };
const fromRow = (row: Row | undefined): Identity | null => (row ? decodeJson<Identity>(row.doc) : null);

export function sqliteIdentityRepo(db: Database): IdentityRepo {
  const insert = db.prepare(
    `INSERT INTO identities (id, username, role, town_id, created_at, doc)
     VALUES (@id, @username, @role, @town_id, @created_at, @doc)`,
  );
  const update = db.prepare(
    `UPDATE identities SET username = @username, role = @role, town_id = @town_id, created_at = @created_at, doc = @doc
     WHERE id = @id`,
  );
  const byId = db.prepare('SELECT doc FROM identities WHERE id = ?');
  const byUsername = db.prepare('SELECT doc FROM identities WHERE username = ?');
  const bind = db.prepare(
    `INSERT INTO chat_bindings (chat, identity_id, bound_at) VALUES (?, ?, ?)
     ON CONFLICT (chat) DO UPDATE SET identity_id = excluded.identity_id, bound_at = excluded.bound_at`,
  );
  const unbind = db.prepare('DELETE FROM chat_bindings WHERE chat = ?');
  const byChat = db.prepare(
    'SELECT i.doc FROM chat_bindings b JOIN identities i ON i.id = b.identity_id WHERE b.chat = ?',
  );
  const chatsOf = db.prepare('SELECT chat FROM chat_bindings WHERE identity_id = ? ORDER BY chat');
  const prepared = statementCache(db);
  const insertBound = db.transaction((i: Identity, chat: string | undefined) => {
    insert.run(columns(i));
    if (chat !== undefined) bind.run(chat, i.id, Date.now());
  });

  return {
    async insert(i, chat) {
      mapConstraints(`identity ${i.id} / ${i.username ?? '-'}`, () => insertBound(i, chat));
    },
    async update(i) {
      const { changes } = mapConstraints(`username ${i.username ?? '-'}`, () => update.run(columns(i)));
      if (changes === 0) throw notFound('identity', i.id);
    },
    async get(id) {
      return fromRow(byId.get(id) as Row | undefined);
    },
    async getByUsername(username) {
      return fromRow(byUsername.get(username) as Row | undefined);
    },
    async list(filter) {
      const where = new Where().eq('role', filter.role).eq('town_id', filter.townId);
      const rows = prepared(`SELECT doc FROM identities ${where.sql} ORDER BY created_at, id`).all(...where.params) as Row[];
      return rows.map((r) => decodeJson<Identity>(r.doc));
    },
    async bind(chat, identityId) {
      mapConstraints(`binding of ${chat}`, () => bind.run(chat, identityId, Date.now()), {
        what: 'identity',
        id: identityId,
      });
    },
    async unbind(chat) {
      unbind.run(chat);
    },
    async byChat(chat) {
      return fromRow(byChat.get(chat) as Row | undefined);
    },
    async chatsOf(identityId) {
      return (chatsOf.all(identityId) as { chat: string }[]).map((r) => r.chat);
    },
  };
}
