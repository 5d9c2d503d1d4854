import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newCase, type Case } from '../../domain/index.js';
import { defaultJobsConfig } from '../../jobs/config.js';
import { createDeadlineService } from '../../jobs/deadline-service.js';
import { createEmbeddedScheduler } from '../../jobs/scheduler/embedded.js';
import { atShanghai } from '../../jobs/time.js';
import { createSqliteJobStores } from '../../stores/sqlite/jobs-stores.js';
import { createFixtureCaseRepo, createFixtureIdentityRepo, createFixtureTownRepo } from '../../tests/fixtures/jobs/sqlite-cases.js';

export interface SweepReport {
  cases: number;
  rungs: number;
  firstSeconds: number;
  repeatSeconds: number;
  peakRssMiB: number;
  scheduledRows: number;
}

/** Open, assessed cases with deadlines from 10 days overdue to 60 days ahead, across 16 towns. */
function syntheticCase(i: number, now: Date): Case {
  const c = newCase(
    { id: `c${i}`, number: `ZZ-2026-${String(i).padStart(6, '0')}`, source: 'inspection', description: `合成隐患第${i}号：有限空间作业未检测`, photos: [] },
    { id: 'bench', role: 'county_official' },
    new Date(now.getTime() - 20 * 86_400_000 + i),
  );
  return {
    ...c,
    status: i % 3 === 0 ? 'rectifying' : 'assessed',
    townId: `town${i % 16}`,
    severity: i % 50 === 0 ? 'major' : 'general',
    assigneeId: `w${i % 500}`,
    deadline: new Date(now.getTime() + ((i % 70) - 10) * 86_400_000),
    history: [...c.history, { at: c.createdAt, actorId: 'bench', actorRole: 'county_official', action: 'assess', from: 'registered', to: 'assessed' }],
  };
}

/** planAll over `n` synthetic open cases in a SQLite file, on the embedded scheduler's table. */
export async function runSweep(n: number): Promise<SweepReport> {
  const dir = mkdtempSync(join(tmpdir(), 'reminders-sweep-'));
  const db = new Database(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    const now = atShanghai('2026-07-15', 10);
    const cases = createFixtureCaseRepo(db);
    const insert = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) void cases.insert(syntheticCase(i, now));
    });
    for (let i = 0; i < n; i += 10_000) insert(i, Math.min(n, i + 10_000));
    const stores = createSqliteJobStores(db);
    const clock = { now: () => now };
    const service = createDeadlineService({
      scheduler: createEmbeddedScheduler({ items: stores.scheduledItems, clock }),
      cases,
      towns: createFixtureTownRepo([]),
      identities: createFixtureIdentityRepo([]),
      deliveries: stores.deliveries,
      tasks: stores.tasks,
      chat: { send: async () => undefined },
      clock,
      config: defaultJobsConfig(),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const first = await service.planAll();
    const t1 = performance.now();
    await service.planAll();
    const t2 = performance.now();
    clearInterval(sampler);
    const rows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM job_scheduled_items').get()?.n ?? 0;
    return {
      cases: first.cases,
      rungs: first.rungs,
      firstSeconds: (t1 - t0) / 1000,
      repeatSeconds: (t2 - t1) / 1000,
      peakRssMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      scheduledRows: rows,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
