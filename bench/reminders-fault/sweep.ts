import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCase, type Case, type CaseRepo, type Stores } from '../../domain/index.js';
import type { JobStores, ScheduledItemRepo } from '../../domain/reminders.js';
import type { JobPayload } from '../../domain/scheduler.js';
import { defaultJobsConfig } from '../../jobs/config.js';
import { createDeadlineService, DAILY_SWEEP } from '../../jobs/deadline-service.js';
import { createEmbeddedScheduler } from '../../jobs/scheduler/embedded.js';
import { atShanghai } from '../../jobs/time.js';
import { caseDoc } from '../../stores/mongo/case-day-keys.js';
import { dayNumber } from '../../stores/mongo/day-number.js';
import { openMongoStores } from '../../stores/mongo/index.js';
import { createMongoJobStores } from '../../stores/mongo/jobs-stores.js';
import { openSqliteStores } from '../../stores/sqlite/index.js';
import { createSqliteJobStores } from '../../stores/sqlite/jobs-stores.js';

export interface SweepReport {
  store: string;
  cases: number;
  /** Writing the cases in batches of 5,000 (one transaction, or one insertMany, each). */
  seedSeconds: number;
  /** First sweep of a process over a schedule that holds nothing yet; `bulk`: planned in memory, loaded by insertMany. */
  start: { seconds: number; cases: number; rungs: number; bulk?: boolean };
  /** A restart: its first sweep starts from the previous sweep's mark (what changed since). */
  restart: { seconds: number; cases: number };
  /** A restart whose scheduler has no mark yet (the first start after an upgrade): every rung is there already. */
  unmarked: { seconds: number; cases: number };
  /** The daily sweep a day later, after `changed` cases were updated. */
  daily: { seconds: number; cases: number; changed: number };
  /** Every open case re-planned (not what runs daily; SQLite only, as a reference). */
  full?: { seconds: number; cases: number };
  peakRssMiB: number;
}

const DAY = 86_400_000;

/** Open, assessed cases with deadlines from 10 days overdue to 60 days ahead, across 16 towns. */
function syntheticCase(i: number, now: Date): Case {
  const c = newCase(
    { id: `c${i}`, number: `ZZ-2026-${String(i).padStart(6, '0')}`, source: 'inspection', description: `合成隐患第${i}号：有限空间作业未检测`, photos: [] },
    { id: 'bench', role: 'county_official' },
    new Date(now.getTime() - 20 * DAY + i),
  );
  return {
    ...c,
    status: i % 3 === 0 ? 'rectifying' : 'assessed',
    townId: `town${i % 16}`,
    severity: i % 50 === 0 ? 'major' : 'general',
    assigneeId: `w${i % 500}`,
    deadline: new Date(now.getTime() + ((i % 70) - 10) * DAY),
    history: [...c.history, { at: c.createdAt, actorId: 'bench', actorRole: 'county_official', action: 'assess', from: 'registered', to: 'assessed' }],
  };
}

type Planned = { key: string; at: Date; payload: JobPayload };

interface Opened {
  name: string;
  stores: Stores;
  jobs: JobStores;
  insertAll(cases: Case[]): Promise<void>;
  /** Loads planned rungs straight into the schedule, as the adapter stores them (FerretDB only). */
  loadSchedule?(items: Planned[]): Promise<void>;
  close(): Promise<void>;
}

async function openSqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  const s = await openSqliteStores({ file: join(dir, 'bench.db') });
  return {
    name: 'SQLite file (WAL)',
    stores: s,
    jobs: createSqliteJobStores(s.db),
    // better-sqlite3 runs the insert synchronously inside the call: one transaction per batch.
    insertAll: async (cases) => s.db.transaction(() => cases.forEach((c) => void s.cases.insert(c)))(),
    async close() {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openMongo(uri: string): Promise<Opened> {
  const dbName = `bench_sweep_${process.pid}`;
  const s = await openMongoStores({ uri, dbName });
  return {
    name: 'FerretDB 1.24.2 (MONGODB_URI)',
    stores: s,
    jobs: await createMongoJobStores(s.db),
    // Loading the data is not what is measured: insertMany of the documents the adapter would write.
    insertAll: async (cases) => void (await s.db.collection('cases').insertMany(cases.map(caseDoc) as never[])),
    // The document shape of stores/mongo/jobs-scheduled-items.ts `put` for a new key.
    async loadSchedule(items) {
      const docs = items.map((i, n) => ({ _id: i.key, at: i.at, atDay: dayNumber(i.at), payload: JSON.stringify(i.payload), daily: null, status: 'pending', attempt: 0, leaseUntil: null, lastError: null, version: n + 1 }));
      for (let i = 0; i < docs.length; i += 5_000) await s.db.collection('job_scheduled_items').insertMany(docs.slice(i, i + 5_000) as never[]);
    },
    async close() {
      await s.db.dropDatabase();
      await s.close();
    },
  };
}

/** Records what a sweep schedules, in memory: the sweep only puts (and the scheduler reads back what it put). */
function recordingItems(): ScheduledItemRepo & { planned: Map<string, Planned> } {
  const planned = new Map<string, Planned>();
  const marks = new Map<string, Date>();
  const unused = () => Promise.reject(new Error('not used by a sweep'));
  return {
    planned,
    put: async ({ key, at, payload }) => void planned.set(key, { key, at, payload }),
    putMany: async (items) => items.forEach(({ key, at, payload }) => planned.set(key, { key, at, payload })),
    get: async (key) => {
      const p = planned.get(key);
      return p ? { ...p, status: 'pending', attempt: 0, rev: 1 } : null;
    },
    setMark: async (name, at) => void marks.set(name, at),
    getMark: async (name) => marks.get(name),
    remove: unused,
    removePrefix: unused,
    claimDue: unused,
    complete: unused,
    fail: unused,
    nextWake: async () => null,
  };
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [(performance.now() - t) / 1000, r];
}

/** The reminder sweep over `n` open cases on one store, through the real adapters and the embedded scheduler. */
export async function runSweep(n: number, store: 'sqlite' | 'mongo', opts: { changed?: number; full?: boolean; bulkStart?: boolean } = {}): Promise<SweepReport> {
  const uri = process.env.MONGODB_URI;
  if (store === 'mongo' && !uri) throw new Error('set MONGODB_URI (e.g. a FerretDB started by .ci/run) for the FerretDB sweep');
  const o = store === 'mongo' ? await openMongo(uri!) : await openSqlite();
  const changed = opts.changed ?? 200;
  try {
    const now = atShanghai('2026-07-15', 8, 30);
    const seeding = performance.now();
    for (let i = 0; i < n; i += 5_000) await o.insertAll(Array.from({ length: Math.min(5_000, n - i) }, (_, k) => syntheticCase(i + k, now)));
    const seedSeconds = (performance.now() - seeding) / 1000;
    let clockNow = now;
    const clock = { now: () => clockNow };
    const service = (items: ScheduledItemRepo = o.jobs.scheduledItems) =>
      createDeadlineService({
        scheduler: createEmbeddedScheduler({ items, clock }),
        cases: o.stores.cases,
        towns: o.stores.towns,
        identities: o.stores.identities,
        deliveries: o.jobs.deliveries,
        tasks: o.jobs.tasks,
        chat: { send: async () => undefined },
        clock,
        config: defaultJobsConfig(),
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    // With `bulkStart` the start-up sweep plans in memory and the rungs are loaded with insertMany (from when each
    // first put cost a find and an insert over the wire on FerretDB); the other sweeps run on the adapter either way.
    const recording = opts.bulkStart && o.loadSchedule ? recordingItems() : undefined;
    const [startS, start] = await timed(async () => {
      if (!recording) return service().sweep();
      const r = await service(recording).sweep();
      await o.loadSchedule!([...recording.planned.values()]);
      await o.jobs.scheduledItems.setMark(DAILY_SWEEP, now);
      return r;
    });
    const [unmarkedS, unmarked] = await timed(() => service({ ...o.jobs.scheduledItems, getMark: async () => undefined }).sweep());
    const restarted = service();
    const [restartS, restart] = await timed(() => restarted.sweep());
    // A day later, `changed` cases were updated (as transitions do) before the daily sweep.
    clockNow = new Date(now.getTime() + DAY);
    await touch(o.stores.cases, changed, n, new Date(clockNow.getTime() - 3_600_000));
    const [dailyS, daily] = await timed(() => restarted.sweep());
    const full = opts.full ? await timed(() => service().planAll()) : undefined;
    clearInterval(sampler);
    return {
      store: o.name,
      cases: n,
      seedSeconds,
      start: { seconds: startS, cases: start.cases, rungs: start.rungs, ...(recording && { bulk: true }) },
      restart: { seconds: restartS, cases: restart.cases },
      unmarked: { seconds: unmarkedS, cases: unmarked.cases },
      daily: { seconds: dailyS, cases: daily.cases, changed },
      ...(full && { full: { seconds: full[0], cases: full[1].cases } }),
      peakRssMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    await o.close();
  }
}

/** Updates `count` cases spread over the data set (their updatedAt moves to `at`). */
async function touch(cases: CaseRepo, count: number, n: number, at: Date): Promise<void> {
  for (let k = 0; k < count; k++) {
    const c = await cases.get(`c${Math.floor((k * n) / count)}`);
    if (c) await cases.update({ ...c, updatedAt: at, description: `${c.description}（已补充）` });
  }
}
