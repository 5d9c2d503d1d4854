import type { Database } from 'better-sqlite3';
import type { Tip, TipChannel, TipRepo, TipReward } from '../../domain/tips.js';
import { mapConstraints } from './errors.js';
import { initTipsSchema } from './tips-schema.js';

interface Row {
  receipt_code: string;
  case_id: string;
  case_number: string;
  pin_hash: string;
  channel: TipChannel;
  reward: TipReward;
  attempts: number;
  locked_until: number | null;
}

const fromRow = (r: Row): Tip => ({
  receiptCode: r.receipt_code,
  caseId: r.case_id,
  caseNumber: r.case_number,
  pinHash: r.pin_hash,
  channel: r.channel,
  reward: r.reward,
});

export function createSqliteTipRepo(db: Database): TipRepo {
  initTipsSchema(db);
  const insert = db.prepare(
    `INSERT INTO tips (receipt_code, case_id, case_number, pin_hash, channel, reward)
     VALUES (@receiptCode, @caseId, @caseNumber, @pinHash, @channel, @reward)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM tips WHERE receipt_code = ?');
  const setReward = db.prepare('UPDATE tips SET reward = ? WHERE case_id = ?');
  const rewardOf = db.prepare<[string], { reward: TipReward }>('SELECT reward FROM tips WHERE case_id = ?');
  const setAttempts = db.prepare('UPDATE tips SET attempts = ?, locked_until = ? WHERE receipt_code = ?');
  const clear = db.prepare('UPDATE tips SET attempts = 0, locked_until = NULL WHERE receipt_code = ?');

  // better-sqlite3 runs a transaction synchronously: no other attempt can interleave.
  const take = db.transaction((code: string, now: number, max: number, lockMs: number) => {
    const row = get.get(code);
    if (!row) return null;
    if (row.locked_until !== null && row.locked_until > now) {
      return { allowed: false, attemptsLeft: 0, lockedUntil: new Date(row.locked_until) };
    }
    const attempts = row.attempts + 1;
    const lockedUntil = attempts >= max ? now + lockMs : null;
    setAttempts.run(lockedUntil === null ? attempts : 0, lockedUntil, code);
    return { allowed: true, attemptsLeft: Math.max(max - attempts, 0), ...(lockedUntil !== null && { lockedUntil: new Date(lockedUntil) }) };
  });

  return {
    async insert(t) {
      mapConstraints('tip', () => insert.run({ ...t }));
    },
    async get(code) {
      const row = get.get(code);
      return row ? fromRow(row) : null;
    },
    async setReward(caseId, reward) {
      return setReward.run(reward, caseId).changes > 0;
    },
    async rewardOf(caseId) {
      return rewardOf.get(caseId)?.reward ?? null;
    },
    async takeAttempt(code, now, policy) {
      return take(code, now.getTime(), policy.max, policy.lockMs);
    },
    async clearAttempts(code) {
      clear.run(code);
    },
  };
}
