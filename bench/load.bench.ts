// Load over HTTP: whole report dialogs (with a photo) and a regulation question per person, against app processes
// started here: 1 replica on the embedded SQLite, 1 and 3 replicas on FerretDB + Redis (clients spread requests over
// the replicas round-robin, as a load balancer would). (a) people pausing 1 s between steps, each at their own point
// of the dialog: p50/p99 per step and errors per crowd size; (b) no pauses: saturation steps/s; (c) the target crowd
// moving in step, so every step (the submit too) comes as a burst of the whole crowd within a second. MONGODB_URI
// picks the FerretDB/MongoDB (else a FerretDB with its SQLite handler is started here), REDIS_URL the Redis (default
// 127.0.0.1:6379).
// BENCH_LOAD_SECONDS (default 20) per crowd; BENCH_LOAD_ONLY=sqlite|ferret1|ferret3 runs one setup. When FerretDB's
// PostgreSQL is known (a FerretDB started here, or BENCH_FERRETDB_PG_URL beside MONGODB_URI), each FerretDB setup runs
// twice: as is, and with deploy/ferretdb/gin-indexes.sql applied after the app created its indexes.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { openMongoStores } from '../stores/mongo/index.js';
import { openSqliteStores } from '../stores/sqlite/index.js';
import { appCluster } from '../tests/support/cluster.js';
import { findFerretDb, startFerretDb } from '../tests/support/services.js';
import { jintaiFoundry } from '../tests/support/sample-data.js';
import { drive, type LoadFigures } from './load/drive.js';
import { benchPhoto } from './load/session.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const GIN_SQL = fileURLToPath(new URL('../deploy/ferretdb/gin-indexes.sql', import.meta.url));
const ONLY = process.env.BENCH_LOAD_ONLY;

const row = (f: LoadFigures) =>
  `${String(f.people).padStart(5)} people  ${f.stepsPerSec.toFixed(0).padStart(5)} steps/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  errors ${f.errors}/${f.steps}${f.firstError ? `  (first: ${f.firstError.slice(0, 100)})` : ''}`;

const byStep = (f: LoadFigures) => `        p50/p99 by step (ms): ${f.byStep.map((s) => `${s.step} ${s.p50.toFixed(0)}/${s.p99.toFixed(0)}`).join(' · ')}`;

async function setup(name: string, replicas: number, env: Record<string, string>, seed: (dataDir: string) => Promise<void>, crowds: number[], burst: number, photos: Uint8Array[]) {
  const cluster = appCluster({ LOG_LEVEL: 'error', QUIET_HOURS: 'off', ...env });
  try {
    const first = await cluster.start();
    await Promise.all(Array.from({ length: replicas - 1 }, () => cluster.start()));
    await seed(first.dataDir);
    const origins = cluster.replicas.map((r) => r.url);
    console.log(`\n--- ${name}: ${replicas} replica(s)`);
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`(a) 1 s pause between steps, arrivals spread over one dialog, ${SECONDS} s per crowd (load average before: ${load})`);
    for (const people of crowds) {
      const f = await drive({ origins, people, pauseMs: 1_000, seconds: SECONDS, photos });
      console.log(row(f));
      console.log(byStep(f));
    }
    const lockstep = await drive({ origins, people: burst, pauseMs: 1_000, arrivalMs: 1_000, seconds: SECONDS, photos });
    console.log(`(c) the same pauses, all ${burst} arriving within one second, so each step comes as a burst (${burst} submits within a second):\n${row(lockstep)}`);
    console.log(byStep(lockstep));
    const cpu = process.cpuUsage();
    const t = performance.now();
    const sat = await drive({ origins, people: 64, pauseMs: 0, seconds: SECONDS, photos });
    const own = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000 / (performance.now() - t);
    console.log(`(b) no pauses, 64 at once: ${row(sat)}  [load generator used ${(own * 100).toFixed(0)}% of a core]`);
    // What made a step fail, from the replicas' own error lines (the access log's 5xx lines only repeat the status).
    const failures = cluster.replicas.flatMap((r) => r.logs.filter((l) => Number(l.level) >= 50 && l.msg !== 'request completed'));
    for (const l of failures.slice(0, 3)) console.log(`  replica error: ${JSON.stringify(l).slice(0, 400)}`);
    return sat.stepsPerSec;
  } finally {
    await cluster.stopAll();
  }
}

export async function main(): Promise<void> {
  console.log(`load average now: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on this machine shares its ${os.cpus().length} cores)`);
  const photos = await Promise.all(Array.from({ length: 16 }, (_, i) => benchPhoto(i)));
  const results: Record<string, number> = {};

  if (!ONLY || ONLY === 'sqlite') {
    // The enterprise goes into the replica's own file (WAL lets a second connection write beside it).
    const seed = async (dataDir: string) => {
      const stores = await openSqliteStores({ file: join(dataDir, 'zezhou.sqlite') });
      await stores.enterprises.insert(jintaiFoundry());
      await stores.close();
    };
    results.sqlite = await setup('embedded SQLite', 1, { MONGODB_URI: '', REDIS_URL: '' }, seed, [50, 100, 200, 300, 400, 600], 300, photos);
  }

  let uri = process.env.MONGODB_URI;
  let pgUrl = process.env.BENCH_FERRETDB_PG_URL;
  let stop: (() => void) | undefined;
  let label = 'MONGODB_URI';
  const bin = findFerretDb();
  if (!uri && bin) {
    const f = await startFerretDb(bin, 27400 + Math.floor(Math.random() * 500));
    ({ uri, stop, pgUrl } = f);
    label = f.handler === 'pg' ? 'FerretDB on PostgreSQL' : 'FerretDB, SQLite handler';
  }
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // The FerretDB started here goes with the bench however it ends (left running, it holds PostgreSQL connections).
  try {
    if (uri) {
      for (const replicas of [1, 3]) {
        if (ONLY && ONLY !== `ferret${replicas}`) continue;
        for (const gin of pgUrl ? [false, true] : [false]) {
          const dbName = `loadbench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
          // The indexes the app creates at start, created here first so the GIN script has them to mirror.
          const stores = await openMongoStores({ uri, dbName });
          await stores.enterprises.insert(jintaiFoundry());
          try {
            if (gin) execFileSync('psql', [pgUrl!, '-v', 'ON_ERROR_STOP=1', '-q', '-f', GIN_SQL]);
            const name = `FerretDB + Redis (${label}${gin ? ', with deploy/ferretdb/gin-indexes.sql' : ''})`;
            results[`ferret${replicas}${gin ? 'gin' : ''}`] = await setup(name, replicas, { MONGODB_URI: uri, MONGODB_DB: dbName, REDIS_URL: redis }, async () => undefined, [50, 100, 200, 400], 100, photos);
          } finally {
            await stores.db.dropDatabase();
            await stores.close();
          }
        }
      }
    }
  } finally {
    stop?.();
  }
  if (results.ferret1 && results.ferret3) console.log(`\n3 replicas vs 1 on FerretDB + Redis: ${(results.ferret3 / results.ferret1).toFixed(2)}x saturation throughput`);
  if (results.ferret1gin && results.ferret3gin) console.log(`3 replicas vs 1 on FerretDB + Redis with GIN indexes: ${(results.ferret3gin / results.ferret1gin).toFixed(2)}x saturation throughput`);
}
