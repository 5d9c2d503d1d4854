import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScheduledItemRepo } from '../../domain/reminders.js';
import { createEmbeddedScheduler, type EmbeddedScheduler } from '../../jobs/scheduler/embedded.js';
import { createMongoScheduledItems } from '../../stores/mongo/jobs-scheduled-items.js';
import { createSqliteScheduledItems } from '../../stores/sqlite/jobs-scheduled-items.js';
import { ManualClock } from '../fixtures/jobs/manual-clock.js';
import { serviceUrl } from '../support/requires.js';
import { schedulerContract } from './scheduler.contract.js';

const UNIT = 60_000; // a fake minute: nothing here sleeps for real

/** The scheduler's table in one store; each `items()` is another process's view of the same data. */
interface Backing {
  items(): Promise<ScheduledItemRepo>;
  close(): Promise<void>;
}

async function sqliteBacking(): Promise<Backing> {
  const db = new Database(':memory:');
  const items = createSqliteScheduledItems(db); // an in-memory database has one connection
  return {
    items: async () => items,
    async close() {
      db.close();
    },
  };
}

const mongoUrl = serviceUrl('MONGODB_URI');
const client = mongoUrl ? new MongoClient(mongoUrl) : undefined;
// Latin names only (FerretDB); a fresh database per test.
const run = `sched${randomBytes(4).toString('hex')}`;
let databases = 0;
afterAll(() => client?.close());

async function mongoBacking(): Promise<Backing> {
  if (!client) throw new Error('MONGODB_URI not set');
  await client.connect();
  const db = client.db(`${run}n${databases++}`);
  return {
    items: () => createMongoScheduledItems(db),
    async close() {
      await db.dropDatabase();
    },
  };
}

function embeddedSuites(name: string, backing: () => Promise<Backing>): void {
  schedulerContract(
    `embedded (${name})`,
    async () => {
      const b = await backing();
      const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
      const made: EmbeddedScheduler[] = [];
      return {
        async make(o) {
          const items = await b.items();
          const s = createEmbeddedScheduler({ items, clock, attempts: o?.attempts, backoffMs: o?.backoffMs ?? UNIT / 4, maxSleepMs: 10 });
          made.push(s);
          return s;
        },
        now: () => clock.now(),
        async elapse(ms) {
          clock.advance(ms);
          // Every instance at once, as separate processes would.
          await Promise.all(made.map((s) => s.runDue()));
        },
        cleanup: () => b.close(),
      };
    },
    UNIT,
  );

  describe(`embedded scheduler (${name}): crash recovery`, () => {
    it('re-runs 20 items whose runner died mid-run once their lease ends, each exactly once across 8 instances', async () => {
      const b = await backing();
      const items = await b.items();
      const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
      const keys = Array.from({ length: 20 }, (_, i) => `case:${String(i).padStart(2, '0')}:due`);
      for (const key of keys) await items.put({ key, at: clock.now(), payload: { kind: 'test' } });
      // A first process claims them and dies without finishing.
      const dead = await items.claimDue(clock.now(), new Date(clock.now().getTime() + 60_000), 20);
      expect(dead).toHaveLength(20);
      const runs: string[] = [];
      const schedulers: EmbeddedScheduler[] = [];
      for (let i = 0; i < 8; i++) {
        const s = createEmbeddedScheduler({ items: await b.items(), clock, leaseMs: 60_000, batch: 5 });
        s.handle('test', async (j) => void runs.push(`${j.key}#${j.attempt}`));
        schedulers.push(s);
      }
      expect(await schedulers[0]?.runDue()).toBe(0);
      clock.advance(61_000);
      await Promise.all(schedulers.map((s) => s.runDue()));
      expect(runs.sort()).toEqual(keys.map((k) => `${k}#2`));
      for (const key of keys) expect(await items.get(key)).toBeNull();
      // The dead runner's late completions no longer match anything.
      for (const d of dead) expect(await items.complete(d.key, d.rev)).toBe(false);
      await b.close();
    });
  });
}

embeddedSuites('SQLite', sqliteBacking);
if (client) embeddedSuites('MongoDB', mongoBacking);
else describe.skip('embedded scheduler on MongoDB (MONGODB_URI not set)', () => undefined);
