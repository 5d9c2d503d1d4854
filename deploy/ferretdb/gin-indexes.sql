-- FerretDB 1.x on PostgreSQL filters a top-level equality as (_jsonb -> 'field') @> value. Its own indexes are
-- btree indexes on (_jsonb -> 'field'), which cannot serve @>, so every find by _id or by an indexed field is a
-- sequential scan of the collection's table (`explain` through FerretDB shows "Seq Scan"). A GIN index on the same
-- expression can serve it. This mirrors the leading field of every FerretDB index (the one an equality filter
-- names; the others are read as ranges, which FerretDB filters itself) as a GIN index.
--
-- Run it against FerretDB's PostgreSQL database after the app has started once (the app creates its collections
-- and indexes at start), and again after an upgrade that adds indexes; it is idempotent:
--   psql "postgres://user@host:5432/ferretdb" -v ON_ERROR_STOP=1 -f deploy/ferretdb/gin-indexes.sql
-- FerretDB does not know these indexes (it keeps its own list), and drops them with their collection. MongoDB
-- proper needs none of this.
SET client_min_messages = warning;

DO $$
DECLARE
  idx record;
  field text;
BEGIN
  FOR idx IN
    SELECT schemaname, tablename, indexdef
    FROM pg_indexes
    WHERE indexdef ~ 'USING btree \(+_jsonb -> '
  LOOP
    field := (regexp_match(idx.indexdef, '_jsonb -> ''([^'']+)''::text'))[1];
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L))',
      left(idx.tablename, 45) || '_' || left(md5(idx.tablename || field), 12) || '_gin', idx.schemaname, idx.tablename, field
    );
  END LOOP;
END $$;
