import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createEmbeddedScheduler, type EmbeddedScheduler } from '../../jobs/scheduler/embedded.js';
import { createSqliteScheduledItems } from '../../stores/sqlite/jobs-scheduled-items.js';
import { ManualClock } from '../fixtures/jobs/manual-clock.js';
import { schedulerContract } from './scheduler.contract.js';

const UNIT = 60_000; // a fake minute: nothing here sleeps for real

schedulerContract(
  'embedded (SQLite)',
  async () => {
    const db = new Database(':memory:');
    const items = createSqliteScheduledItems(db);
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const made: EmbeddedScheduler[] = [];
    return {
      async make(o) {
        const s = createEmbeddedScheduler({ items, clock, attempts: o?.attempts, backoffMs: o?.backoffMs ?? UNIT / 4, maxSleepMs: 10 });
        made.push(s);
        return s;
      },
      now: () => clock.now(),
      async elapse(ms) {
        clock.advance(ms);
        for (const s of made) await s.runDue();
      },
      async cleanup() {
        db.close();
      },
    };
  },
  UNIT,
);

describe('embedded scheduler: crash recovery', () => {
  it('re-runs an item whose runner died mid-run once its lease ends, exactly once', async () => {
    const db = new Database(':memory:');
    const items = createSqliteScheduledItems(db);
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    await items.put({ key: 'case:x:due', at: clock.now(), payload: { kind: 'test' } });
    // A first process claims it and dies without finishing.
    const dead = await items.claimDue(clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    expect(dead).toHaveLength(1);
    const runs: number[] = [];
    const a = createEmbeddedScheduler({ items, clock, leaseMs: 60_000 });
    const b = createEmbeddedScheduler({ items, clock, leaseMs: 60_000 });
    for (const s of [a, b]) s.handle('test', async (j) => void runs.push(j.attempt));
    expect(await a.runDue()).toBe(0);
    clock.advance(61_000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toEqual([2]);
    expect(await items.get('case:x:due')).toBeNull();
    // The dead runner's late completion no longer matches anything.
    expect(await items.complete('case:x:due', dead[0]?.rev ?? 0)).toBe(false);
    db.close();
  });
});
