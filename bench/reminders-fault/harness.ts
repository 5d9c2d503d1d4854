import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBullScheduler } from '../../jobs/scheduler/bullmq.js';
import { createSqliteDeliveryLog } from '../../stores/sqlite/jobs-deliveries.js';
import { portOpen } from '../../tests/support/services.js';
import { openBenchDb } from './recording.js';

const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));
const BENCH_KIND = 'bench-reminder';

export interface FaultOptions {
  reminders: number;
  /** Worker SIGKILLs, spread over the run. */
  kills: number;
  restartRedis: boolean;
  ratePerSec: number;
  timeoutMs: number;
}

export interface FaultReport {
  reminders: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** Deliveries that needed more than one claim (a retried send). */
  retriedClaims: number;
  kills: number;
  redisRestarts: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A private redis-server with an append-only file synced on every write, so a restart keeps its data. */
async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const proc = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
    '--dir', dir, '--maxmemory-policy', 'noeviction', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await portOpen('127.0.0.1', port)); i++) await sleep(50);
  return proc;
}

async function stop(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

function startWorker(redisUrl: string, prefix: string, dbFile: string, rate: number): Promise<ChildProcess> {
  const child = fork(workerFile, [redisUrl, prefix, dbFile, String(rate)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

/**
 * Schedules `reminders` due reminders on BullMQ, runs them in a child-process worker, kills that worker
 * (SIGKILL) and optionally the Redis server mid-run, restarts both, and counts what reached the chat.
 */
export async function runFaultScenario(o: FaultOptions): Promise<FaultReport> {
  const dir = mkdtempSync(join(tmpdir(), 'reminders-fault-'));
  const port = 6400 + Math.floor(Math.random() * 500);
  const redisUrl = `redis://127.0.0.1:${port}`;
  const prefix = `fault${randomUUID().slice(0, 8)}`;
  const dbFile = join(dir, 'deliveries.db');
  const db = openBenchDb(dbFile);
  const log = createSqliteDeliveryLog(db);
  let redis = await startRedis(dir, port);
  const producer = createBullScheduler({ redisUrl, prefix });
  const started = Date.now();
  let worker: ChildProcess | undefined;
  let kills = 0;
  let redisRestarts = 0;
  try {
    const due = new Date(Date.now() + 500);
    for (let i = 0; i < o.reminders; i++) await producer.schedule(`bench:r${i}`, due, { kind: BENCH_KIND, i });
    worker = await startWorker(redisUrl, prefix, dbFile, o.ratePerSec);
    const sends = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM bench_sends');
    const sent = () => sends.get()?.n ?? 0;
    const killAt = Array.from({ length: o.kills }, (_, k) => Math.floor(((k + 1) * o.reminders) / (o.kills + 2)));
    const redisAt = o.restartRedis ? Math.floor((o.reminders * (o.kills + 1)) / (o.kills + 2)) : Infinity;
    while (Date.now() - started < o.timeoutMs) {
      const n = sent();
      if (killAt.length && n >= (killAt[0] ?? Infinity)) {
        killAt.shift();
        await stop(worker, 'SIGKILL');
        kills++;
        worker = await startWorker(redisUrl, prefix, dbFile, o.ratePerSec);
      }
      if (n >= redisAt && redisRestarts === 0) {
        await stop(redis, 'SIGKILL');
        redis = await startRedis(dir, port);
        redisRestarts++;
      }
      const confirmed = (await log.list({})).filter((d) => d.state === 'sent').length;
      if (confirmed >= o.reminders) break;
      await sleep(50);
    }
    const perSubject = db
      .prepare<[], { text: string; n: number }>('SELECT text, COUNT(*) AS n FROM bench_sends GROUP BY text')
      .all();
    const delivered = perSubject.length;
    const duplicates = perSubject.reduce((s, r) => s + r.n - 1, 0);
    const retriedClaims = (await log.list({})).filter((d) => d.attempts > 1).length;
    return {
      reminders: o.reminders,
      delivered,
      lost: o.reminders - delivered,
      duplicates,
      retriedClaims,
      kills,
      redisRestarts,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (worker) await stop(worker, 'SIGTERM');
    await producer.close();
    await stop(redis, 'SIGTERM');
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
