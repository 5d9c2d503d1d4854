import type { Migration } from './migrate.js';

/**
 * The stores' schema, in order; never edit an applied migration, append a new one.
 * Records are JSON documents (json-codec) plus the columns that filters, ordering and unique
 * constraints need; times in those columns are epoch milliseconds.
 */
export const storeMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        town_id TEXT,
        severity TEXT,
        source TEXT NOT NULL,
        enterprise_id TEXT,
        assignee_id TEXT,
        reporter_id TEXT,
        deadline INTEGER,
        created_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_newest ON cases (created_at DESC, id DESC);
      CREATE INDEX cases_town_newest ON cases (town_id, created_at DESC, id DESC);
      CREATE INDEX cases_status_deadline ON cases (status, deadline);
      CREATE INDEX cases_enterprise ON cases (enterprise_id);
      CREATE INDEX cases_assignee ON cases (assignee_id);
      CREATE INDEX cases_reporter ON cases (reporter_id);

      CREATE TABLE sequences (
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
      ) STRICT;

      CREATE TABLE enterprises (
        id TEXT PRIMARY KEY,
        town_id TEXT NOT NULL,
        name TEXT NOT NULL,
        credit_code TEXT UNIQUE,
        risk_level TEXT NOT NULL,
        search_text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        UNIQUE (town_id, name)
      ) STRICT;
      CREATE INDEX enterprises_newest ON enterprises (created_at DESC, id DESC);

      CREATE TABLE towns (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) STRICT;

      CREATE TABLE identities (
        id TEXT PRIMARY KEY,
        username TEXT UNIQUE,
        role TEXT NOT NULL,
        town_id TEXT,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;

      CREATE TABLE chat_bindings (
        chat TEXT PRIMARY KEY,
        identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
        bound_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX chat_bindings_identity ON chat_bindings (identity_id);

      CREATE TABLE dialogs (
        chat TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- data is NULL when the bytes live in a file under mediaDir.
      CREATE TABLE media (
        id TEXT PRIMARY KEY,
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        original_sha256 TEXT,
        captured_at INTEGER,
        stored_at INTEGER NOT NULL,
        data BLOB
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'dialog versions for compare-and-set',
    sql: `ALTER TABLE dialogs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;`,
  },
];
