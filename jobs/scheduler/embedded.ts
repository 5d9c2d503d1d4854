import { isDomainError, systemClock, type Clock } from '../../domain/index.js';
import type { DailyAt, JobHandler, JobPayload, Scheduler } from '../../domain/scheduler.js';
import type { ScheduledItem, ScheduledItemRepo } from '../../domain/reminders.js';
import { nextDailyAt } from '../time.js';
import type { JobLogger } from '../logger.js';

export interface EmbeddedSchedulerOptions {
  items: ScheduledItemRepo;
  clock?: Clock;
  /** Runs per job, the first included. */
  attempts?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  /** A claim not finished within this is taken over (its runner is presumed dead): longer than any job. */
  leaseMs?: number;
  /** Items claimed per round. */
  batch?: number;
  /** Longest the timer sleeps before looking again (covers rows written by another process). */
  maxSleepMs?: number;
  logger?: JobLogger;
}

export interface EmbeddedScheduler extends Scheduler {
  /** Runs everything due now (the timer calls it; tests call it after moving a fake clock). */
  runDue(): Promise<number>;
}

/**
 * In-process scheduler on a store-backed table. Each item is claimed by compare-and-set with a lease,
 * so a crash mid-run loses nothing (the lease ends and the item is claimed again) and two instances
 * never run the same claim; a re-run after a crash is absorbed by the DeliveryLog.
 */
export function createEmbeddedScheduler(o: EmbeddedSchedulerOptions): EmbeddedScheduler {
  const clock = o.clock ?? systemClock;
  const attempts = o.attempts ?? 8;
  const backoffMs = o.backoffMs ?? 1_000;
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const batch = o.batch ?? 50;
  const maxSleepMs = o.maxSleepMs ?? 60_000;
  const handlers = new Map<string, JobHandler>();
  let started = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function runOne(item: ScheduledItem): Promise<void> {
    const handler = handlers.get(item.payload.kind);
    const finalFailure = (error: string) => {
      o.logger?.error({ key: item.key, attempt: item.attempt, err: error }, 'job failed for good');
      return o.items.fail(item.key, item.rev, null, error);
    };
    if (!handler) return void (await finalFailure(`no handler for ${item.payload.kind}`));
    if (item.attempt > attempts) return void (await finalFailure('attempts exhausted (runner died each time)'));
    try {
      await handler({ key: item.key, payload: item.payload, attempt: item.attempt });
    } catch (e) {
      const msg = (e as Error).message ?? String(e);
      if (isDomainError(e) || item.attempt >= attempts) return void (await finalFailure(msg));
      o.logger?.warn({ key: item.key, attempt: item.attempt, err: msg }, 'job failed, will retry');
      const retryAt = new Date(clock.now().getTime() + backoffMs * 2 ** (item.attempt - 1));
      return void (await o.items.fail(item.key, item.rev, retryAt, msg));
    }
    const next = item.daily ? nextDailyAt(clock.now(), item.daily.hour, item.daily.minute) : undefined;
    await o.items.complete(item.key, item.rev, next);
  }

  async function drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = clock.now();
      const claimed = await o.items.claimDue(now, new Date(now.getTime() + leaseMs), batch);
      if (claimed.length === 0) return ran;
      for (const item of claimed) await runOne(item);
      ran += claimed.length;
    }
  }

  async function arm(): Promise<void> {
    if (!started) return;
    clearTimeout(timer);
    const wake = await o.items.nextWake();
    const delay = wake ? Math.max(0, wake.getTime() - clock.now().getTime()) : maxSleepMs;
    timer = setTimeout(() => void runDue().catch((e) => o.logger?.error({ err: (e as Error).message }, 'scheduler round failed')), Math.min(delay, maxSleepMs));
    timer.unref();
  }

  /** One round at a time: a call during a round waits for it and then runs again. */
  function runDue(): Promise<number> {
    if (closed) return Promise.resolve(0);
    const round = (running ?? Promise.resolve(0)).catch(() => 0).then(drain);
    running = round;
    return round.finally(() => {
      if (running === round) running = undefined;
      return arm();
    });
  }

  async function put(key: string, at: Date, payload: JobPayload, daily?: DailyAt): Promise<void> {
    await o.items.put({ key, at, payload, daily });
    if (started && at.getTime() <= clock.now().getTime() + maxSleepMs) await arm();
  }

  return {
    schedule: (key, at, payload) => put(key, at, payload),
    async scheduleMany(jobs) {
      await o.items.putMany(jobs);
      const soon = clock.now().getTime() + maxSleepMs;
      if (started && jobs.some((j) => j.at.getTime() <= soon)) await arm();
    },
    markDone: (name, at) => o.items.setMark(name, at),
    lastDone: (name) => o.items.getMark(name),
    daily: (key, at, payload) => put(key, nextDailyAt(clock.now(), at.hour, at.minute), payload, at),
    async cancel(key) {
      await o.items.remove(key);
    },
    cancelPrefix: (prefix) => o.items.removePrefix(prefix),
    async nextRun(key) {
      const item = await o.items.get(key);
      return item && item.status !== 'failed' ? item.at : null;
    },
    handle(kind, handler) {
      handlers.set(kind, handler);
    },
    async start() {
      started = true;
      await runDue();
    },
    async close() {
      started = false;
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    runDue,
  };
}
