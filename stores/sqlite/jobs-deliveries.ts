import type { Database } from 'better-sqlite3';
import type { DeliveryLog, DeliveryRecord, DeliveryState } from '../../domain/reminders.js';
import { initJobsSchema, toDate } from './jobs-schema.js';

interface Row {
  target: string;
  subject: string;
  rung: string;
  state: DeliveryState;
  attempts: number;
  claimed_at: number;
  sent_at: number | null;
  last_error: string | null;
}

const fromRow = (r: Row): DeliveryRecord => ({
  target: r.target,
  subject: r.subject,
  rung: r.rung,
  state: r.state,
  attempts: r.attempts,
  claimedAt: new Date(r.claimed_at),
  sentAt: toDate(r.sent_at),
  lastError: r.last_error ?? undefined,
});

export function createSqliteDeliveryLog(db: Database): DeliveryLog {
  initJobsSchema(db);
  // One statement: a new key, a failed one or a stale claim is (re)claimed; anything else is left alone.
  const claim = db.prepare(`
    INSERT INTO job_deliveries (target, subject, rung, state, attempts, claimed_at)
    VALUES (@target, @subject, @rung, 'claimed', 1, @now)
    ON CONFLICT (target, subject, rung) DO UPDATE SET state = 'claimed', attempts = attempts + 1,
      claimed_at = excluded.claimed_at, last_error = NULL
    WHERE state = 'failed' OR (state = 'claimed' AND claimed_at < @stale)`);
  const get = db.prepare<[string, string, string], Row>(
    'SELECT * FROM job_deliveries WHERE target = ? AND subject = ? AND rung = ?',
  );
  const sent = db.prepare(
    `UPDATE job_deliveries SET state = 'sent', sent_at = ?, last_error = NULL WHERE target = ? AND subject = ? AND rung = ?`,
  );
  const failed = db.prepare(
    `UPDATE job_deliveries SET state = 'failed', last_error = ? WHERE target = ? AND subject = ? AND rung = ? AND state = 'claimed'`,
  );

  return {
    async claim(k, now, staleBefore) {
      const r = claim.run({ ...k, now: now.getTime(), stale: staleBefore.getTime() });
      if (r.changes > 0) return 'claimed';
      return get.get(k.target, k.subject, k.rung)?.state === 'sent' ? 'already_sent' : 'in_flight';
    },
    async markSent(k, now) {
      sent.run(now.getTime(), k.target, k.subject, k.rung);
    },
    async markFailed(k, error) {
      failed.run(error, k.target, k.subject, k.rung);
    },
    async get(k) {
      const r = get.get(k.target, k.subject, k.rung);
      return r ? fromRow(r) : null;
    },
    async list(filter) {
      const conds = Object.entries({ subject: filter.subject, target: filter.target }).filter(([, v]) => v !== undefined);
      const where = conds.map(([col]) => `${col} = ?`);
      const args = conds.map(([, v]) => v as string);
      const sql = `SELECT * FROM job_deliveries${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY claimed_at, target, subject, rung`;
      return db.prepare<string[], Row>(sql).all(...args).map(fromRow);
    },
  };
}
