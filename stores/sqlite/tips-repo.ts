import type { Database } from 'better-sqlite3';
import type { Tip, TipChannel, TipRepo, TipReward } from '../../domain/tips.js';
import { mapConstraints } from './errors.js';
import { initTipsSchema } from './tips-schema.js';

interface Row {
  receipt_code: string;
  case_id: string;
  pin_hash: string;
  channel: TipChannel;
  reward: TipReward;
}

const fromRow = (r: Row): Tip => ({
  receiptCode: r.receipt_code,
  caseId: r.case_id,
  pinHash: r.pin_hash,
  channel: r.channel,
  reward: r.reward,
});

export function createSqliteTipRepo(db: Database): TipRepo {
  initTipsSchema(db);
  const insert = db.prepare(
    `INSERT INTO tips (receipt_code, case_id, pin_hash, channel, reward)
     VALUES (@receiptCode, @caseId, @pinHash, @channel, @reward)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM tips WHERE receipt_code = ?');
  const setReward = db.prepare('UPDATE tips SET reward = ? WHERE case_id = ?');
  const rewardOf = db.prepare<[string], { reward: TipReward }>('SELECT reward FROM tips WHERE case_id = ?');

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
  };
}
