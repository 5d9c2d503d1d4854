import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { isDomainError, systemClock, type Clock } from '../../domain/index.js';
import type { JobHandler, JobPayload, Scheduler } from '../../domain/scheduler.js';
import type { JobLogger } from '../logger.js';
import { escapeKey, jobIdFor, prefixEnd } from './bull-ids.js';

export interface BullSchedulerOptions {
  redisUrl: string;
  queueName?: string;
  /** Redis key prefix (tests use a unique one each). */
  prefix?: string;
  clock?: Clock;
  attempts?: number;
  backoffMs?: number;
  /** Jobs started per second across every worker of the queue; each job is one send or one fan-out. */
  ratePerSec?: number;
  concurrency?: number;
  /** A worker that holds a job longer without renewing its lock is presumed dead; the job is re-run. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  logger?: JobLogger;
}

interface JobData {
  key: string;
  payload: JobPayload;
  daily?: boolean;
  /**
   * The time asked for (ms). BullMQ keeps its own timestamp plus the delay computed from our clock a moment earlier,
   * which can be a millisecond off; nextRun answers with this.
   */
  at?: number;
}

/** Removes a key's index entry only if it still points at this job (a re-schedule may have moved it). */
const RELEASE = `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('hdel', KEYS[1], ARGV[1]); redis.call('zrem', KEYS[2], ARGV[1]) end return 0`;

/**
 * Scheduler on BullMQ delayed jobs. Besides the queue it keeps an index: a hash key → current job id
 * (to move or cancel a key) and a lexicographically sorted set of keys (to cancel by prefix).
 * A worker runs only after start(); a process that only schedules never calls it.
 */
export function createBullScheduler(o: BullSchedulerOptions): Scheduler {
  // maxRetriesPerRequest null: commands wait through a Redis restart instead of failing.
  const connect = () =>
    new Redis(o.redisUrl, { maxRetriesPerRequest: null }).on('error', (e: Error) =>
      o.logger?.warn({ err: e.message }, 'redis connection error'),
    );
  const clock = o.clock ?? systemClock;
  const attempts = o.attempts ?? 8;
  const name = o.queueName ?? 'deadlines';
  const prefix = o.prefix ?? 'zz';
  const redis = connect();
  const jobOpts = {
    attempts,
    backoff: { type: 'exponential' as const, delay: o.backoffMs ?? 1_000 },
    // Completed jobs are kept a while so that their ids stay idempotent against re-planning.
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  };
  const queue = new Queue<JobData>(name, { connection: redis, prefix, defaultJobOptions: jobOpts });
  queue.on('error', (e) => o.logger?.warn({ err: e.message }, 'queue error'));
  const indexHash = `${prefix}:${name}:sched:keys`;
  const indexSet = `${prefix}:${name}:sched:sorted`;
  /** Marks (Scheduler.markDone): name → time in ms, in the same Redis as the jobs. */
  const marks = `${prefix}:${name}:sched:marks`;
  const handlers = new Map<string, JobHandler>();
  let worker: Worker<JobData> | undefined;
  let workerRedis: Redis | undefined;

  const release = (key: string, jobId: string) => redis.eval(RELEASE, 2, indexHash, indexSet, key, jobId);

  /** Removes a job unless a worker holds it (then the handler sees a stale payload and does nothing). */
  async function removeJob(jobId: string): Promise<void> {
    try {
      await queue.remove(jobId);
    } catch (e) {
      o.logger?.warn({ jobId, err: (e as Error).message }, 'job busy, left to finish');
    }
  }

  async function run(job: Job<JobData>): Promise<void> {
    const { key, payload, daily } = job.data;
    const handler = handlers.get(payload.kind);
    if (!handler) throw new UnrecoverableError(`no handler for ${payload.kind}`);
    try {
      await handler({ key, payload, attempt: job.attemptsMade + 1 });
    } catch (e) {
      if (isDomainError(e)) throw new UnrecoverableError(`${e.code}: ${e.message}`);
      throw e;
    }
    if (!daily && job.id) await release(key, job.id);
  }

  async function schedule(key: string, at: Date, payload: JobPayload): Promise<void> {
    const jobId = jobIdFor(key, at);
    const previous = await redis.hget(indexHash, key);
    // Index first: a crash before add leaves an entry pointing nowhere, which the next schedule repairs.
    await redis.multi().hset(indexHash, key, jobId).zadd(indexSet, 0, key).exec();
    if (previous && previous !== jobId) await removeJob(previous);
    const existing = previous === jobId ? await queue.getJob(jobId) : undefined;
    if (existing) {
      if (JSON.stringify(existing.data.payload) !== JSON.stringify(payload)) await existing.updateData({ key, payload, at: at.getTime() });
      return;
    }
    await queue.add(payload.kind, { key, payload, at: at.getTime() }, { jobId, delay: Math.max(0, at.getTime() - clock.now().getTime()) });
  }

  return {
    schedule,
    async scheduleMany(jobs) {
      // A few Redis round trips each: one at a time is quick enough for a sweep.
      for (const j of jobs) await schedule(j.key, j.at, j.payload);
    },
    async markDone(mark, at) {
      await redis.zadd(marks, 'GT', at.getTime(), mark); // GT: only a later time replaces the one kept
    },
    async lastDone(mark) {
      const ms = await redis.zscore(marks, mark);
      return ms === null ? undefined : new Date(Number(ms));
    },
    async cancel(key) {
      const jobId = await redis.hget(indexHash, key);
      if (jobId) {
        await removeJob(jobId);
        await release(key, jobId);
      }
      await queue.removeJobScheduler(escapeKey(key));
    },
    async cancelPrefix(keyPrefix) {
      const keys = await redis.zrangebylex(indexSet, `[${keyPrefix}`, `(${prefixEnd(keyPrefix)}`);
      for (const key of keys) {
        const jobId = await redis.hget(indexHash, key);
        if (jobId) {
          await removeJob(jobId);
          await release(key, jobId);
        }
      }
      return keys.length;
    },
    async daily(key, at, payload) {
      await queue.upsertJobScheduler(
        escapeKey(key),
        { pattern: `0 ${at.minute} ${at.hour} * * *`, tz: 'Asia/Shanghai' },
        { name: payload.kind, data: { key, payload, daily: true }, opts: jobOpts },
      );
    },
    async nextRun(key) {
      const jobId = await redis.hget(indexHash, key);
      const job = jobId ? await queue.getJob(jobId) : undefined;
      if (job && !job.finishedOn) return new Date((job.attemptsMade === 0 && job.data.at) || job.timestamp + (job.delay ?? 0));
      const daily = await queue.getJobScheduler(escapeKey(key));
      return daily?.next ? new Date(daily.next) : null;
    },
    handle(kind, handler) {
      handlers.set(kind, handler);
    },
    async start() {
      if (worker) return;
      workerRedis = connect();
      worker = new Worker<JobData>(name, run, {
        connection: workerRedis,
        prefix,
        concurrency: o.concurrency ?? 4,
        limiter: o.ratePerSec ? { max: Math.max(1, Math.round(o.ratePerSec)), duration: 1_000 } : undefined,
        lockDuration: o.lockDurationMs ?? 30_000,
        stalledInterval: o.stalledIntervalMs ?? 30_000,
        // A stall is a dead worker, not a bad job: keep re-running (the DeliveryLog stops duplicates).
        maxStalledCount: 10,
      });
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final = err instanceof UnrecoverableError || job.attemptsMade >= attempts || err.name === 'UnrecoverableError';
        if (!final) return o.logger?.warn({ key: job.data.key, attempt: job.attemptsMade, err: err.message }, 'job failed, will retry');
        o.logger?.error({ key: job.data.key, attempt: job.attemptsMade, err: err.message }, 'job failed for good');
        if (!job.data.daily && job.id) void release(job.data.key, job.id).catch(() => undefined);
      });
      worker.on('error', (err) => o.logger?.warn({ err: err.message }, 'worker error'));
      await worker.waitUntilReady();
    },
    async close() {
      await worker?.close();
      await queue.close();
      await Promise.all([redis, workerRedis].map((r) => r?.quit().catch(() => r.disconnect())));
    },
  };
}
