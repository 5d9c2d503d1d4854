import type { Database } from 'better-sqlite3';
import type { DailyAt, JobPayload } from '../../domain/scheduler.js';
import type { ScheduledItem, ScheduledItemRepo, ScheduledItemStatus } from '../../domain/reminders.js';
import { initJobsSchema, prefixEnd, toDate } from './jobs-schema.js';

interface Row {
  key: string;
  at: number;
  payload: string;
  daily: string | null;
  status: ScheduledItemStatus;
  attempt: number;
  lease_until: number | null;
  rev: number;
  last_error: string | null;
}

const fromRow = (r: Row): ScheduledItem => ({
  key: r.key,
  at: new Date(r.at),
  payload: JSON.parse(r.payload) as JobPayload,
  daily: r.daily ? (JSON.parse(r.daily) as DailyAt) : undefined,
  status: r.status,
  attempt: r.attempt,
  leaseUntil: toDate(r.lease_until),
  rev: r.rev,
  lastError: r.last_error ?? undefined,
});

/** Puts per commit in putMany. */
const PUT_MANY_COMMIT = 2_000;

export function createSqliteScheduledItems(db: Database): ScheduledItemRepo {
  initJobsSchema(db);
  const put = db.prepare(`
    INSERT INTO job_scheduled_items (key, at, payload, daily, status, attempt, lease_until, rev, last_error)
    VALUES (@key, @at, @payload, @daily, 'pending', 0, NULL, 1, NULL)
    ON CONFLICT (key) DO UPDATE SET at = excluded.at, payload = excluded.payload, daily = excluded.daily,
      status = 'pending', attempt = 0, lease_until = NULL, rev = rev + 1, last_error = NULL
    WHERE NOT (status IN ('pending', 'running') AND at = excluded.at AND payload = excluded.payload
      AND daily IS excluded.daily)`);
  const get = db.prepare<[string], Row>('SELECT * FROM job_scheduled_items WHERE key = ?');
  // A sweep re-puts mostly unchanged items: checking first spares each of them a write transaction (and its fsync).
  const unchanged = db.prepare<{ key: string; at: number; payload: string; daily: string | null }, { n: number }>(`
    SELECT 1 AS n FROM job_scheduled_items WHERE key = @key AND status IN ('pending', 'running') AND at = @at
      AND payload = @payload AND daily IS @daily`);
  const setMark = db.prepare('INSERT INTO job_marks (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = max(at, excluded.at)');
  const getMark = db.prepare<[string], { at: number }>('SELECT at FROM job_marks WHERE name = ?');
  const remove = db.prepare('DELETE FROM job_scheduled_items WHERE key = ?');
  const removePrefix = db.prepare('DELETE FROM job_scheduled_items WHERE key >= ? AND key < ?');
  const claim = db.prepare<{ lease: number; now: number; limit: number }, Row>(`
    UPDATE job_scheduled_items SET status = 'running', lease_until = @lease, attempt = attempt + 1, rev = rev + 1
    WHERE key IN (
      SELECT key FROM job_scheduled_items
      WHERE (status = 'pending' AND at <= @now) OR (status = 'running' AND lease_until <= @now)
      ORDER BY at LIMIT @limit)
    RETURNING *`);
  const del = db.prepare('DELETE FROM job_scheduled_items WHERE key = ? AND rev = ?');
  const repeat = db.prepare(`UPDATE job_scheduled_items SET status = 'pending', at = ?, attempt = 0, lease_until = NULL,
    rev = rev + 1, last_error = NULL WHERE key = ? AND rev = ?`);
  const fail = db.prepare(`UPDATE job_scheduled_items SET status = ?, at = COALESCE(?, at), lease_until = NULL,
    rev = rev + 1, last_error = ? WHERE key = ? AND rev = ?`);
  const nextWake = db.prepare<[], { t: number | null }>(`SELECT MIN(t) AS t FROM (
    SELECT MIN(at) AS t FROM job_scheduled_items WHERE status = 'pending'
    UNION ALL SELECT MIN(lease_until) FROM job_scheduled_items WHERE status = 'running')`);

  type PutRow = { key: string; at: number; payload: string; daily: string | null };
  const putOne = (row: PutRow) => void (unchanged.get(row) ?? put.run(row));
  // Group commit: puts made while the event loop is busy (a sweep plans many cases at once) share one
  // transaction, so one commit (one fsync) instead of one per item. Each caller still learns its own outcome.
  let queued: Array<{ row: PutRow; done: (e?: unknown) => void }> = [];
  const flush = () => {
    const batch = queued;
    queued = [];
    try {
      db.transaction(() => batch.forEach((q) => putOne(q.row)))();
      batch.forEach((q) => q.done());
    } catch {
      for (const q of batch) {
        try {
          putOne(q.row);
          q.done();
        } catch (e) {
          q.done(e);
        }
      }
    }
  };

  const items: ScheduledItemRepo = {
    // Puts made in one tick share a commit (see flush); a sweep's tens of thousands go a few thousand per commit, so
    // that requests are served in between and the pending puts stay few.
    async putMany(list) {
      for (let i = 0; i < list.length; i += PUT_MANY_COMMIT) await Promise.all(list.slice(i, i + PUT_MANY_COMMIT).map((x) => items.put(x)));
    },
    put(i) {
      const row = {
        key: i.key,
        at: i.at.getTime(),
        payload: JSON.stringify(i.payload),
        daily: i.daily ? JSON.stringify({ hour: i.daily.hour, minute: i.daily.minute }) : null,
      };
      if (unchanged.get(row)) return Promise.resolve(); // the common case of a sweep: nothing to write
      return new Promise<void>((resolve, reject) => {
        queued.push({ row, done: (e) => (e === undefined ? resolve() : reject(e instanceof Error ? e : new Error(String(e)))) });
        if (queued.length === 1) setImmediate(flush);
      });
    },
    async get(key) {
      const r = get.get(key);
      return r ? fromRow(r) : null;
    },
    async setMark(name, at) {
      setMark.run(name, at.getTime());
    },
    async getMark(name) {
      return toDate(getMark.get(name)?.at);
    },
    async remove(key) {
      return remove.run(key).changes > 0;
    },
    async removePrefix(prefix) {
      return removePrefix.run(prefix, prefixEnd(prefix)).changes;
    },
    async claimDue(now, leaseUntil, limit) {
      return claim
        .all({ lease: leaseUntil.getTime(), now: now.getTime(), limit })
        .map(fromRow)
        .sort((a, b) => a.at.getTime() - b.at.getTime());
    },
    async complete(key, rev, nextAt) {
      return (nextAt ? repeat.run(nextAt.getTime(), key, rev) : del.run(key, rev)).changes > 0;
    },
    async fail(key, rev, retryAt, error) {
      return fail.run(retryAt ? 'pending' : 'failed', retryAt?.getTime() ?? null, error, key, rev).changes > 0;
    },
    async nextWake() {
      const t = nextWake.get()?.t;
      return t == null ? null : new Date(t);
    },
  };
  return items;
}
