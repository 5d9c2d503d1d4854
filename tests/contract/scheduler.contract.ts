import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/index.js';
import type { ScheduledJob, Scheduler } from '../../domain/scheduler.js';
import { atShanghai, dayOf } from '../../jobs/time.js';

/** What a runner provides: schedulers over one shared backing, and a way to let time pass. */
export interface SchedulerHarness {
  /** A new scheduler instance on the same backing (a second call simulates a restarted process). */
  make(o?: { attempts?: number; backoffMs?: number }): Promise<Scheduler>;
  now(): Date;
  /** Lets `ms` pass and gives due jobs the chance to run. */
  elapse(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Time units: the BullMQ runner uses small real delays, the embedded one a fake clock. */
export function schedulerContract(name: string, setup: () => Promise<SchedulerHarness>, unit = 100): void {
  describe(`Scheduler contract: ${name}`, () => {
    let h: SchedulerHarness;
    const open: Scheduler[] = [];
    const runs: ScheduledJob[] = [];

    async function started(o?: { attempts?: number; backoffMs?: number }, handler?: (j: ScheduledJob) => Promise<void>) {
      const s = await h.make(o);
      open.push(s);
      s.handle('test', async (job) => {
        runs.push(job);
        await handler?.(job);
      });
      await s.start();
      return s;
    }
    const later = (units: number) => new Date(h.now().getTime() + units * unit);
    /** Elapses in steps until `check` holds or `units` have passed. */
    async function until(check: () => boolean, units: number) {
      for (let i = 0; i < units * 4 && !check(); i++) await h.elapse(unit / 4);
    }

    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      runs.length = 0;
      await h?.cleanup();
    });

    it('runs a job at its time, not before, once, with its key and payload', async () => {
      h = await setup();
      const s = await started();
      await s.schedule('case:1:t-3', later(3), { kind: 'test', n: 1 });
      await h.elapse(unit);
      expect(runs).toHaveLength(0);
      await until(() => runs.length > 0, 8);
      await h.elapse(unit);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ key: 'case:1:t-3', payload: { kind: 'test', n: 1 }, attempt: 1 });
    });

    it('moves a pending key when it is scheduled again, and updates its payload', async () => {
      h = await setup();
      const s = await started();
      await s.schedule('k:move', later(2), { kind: 'test', v: 'first' });
      await s.schedule('k:move', later(6), { kind: 'test', v: 'second' });
      await h.elapse(4 * unit);
      expect(runs).toHaveLength(0);
      await until(() => runs.length > 0, 8);
      await h.elapse(unit);
      expect(runs.map((r) => r.payload.v)).toEqual(['second']);
    });

    it('is idempotent: the same key, time and payload scheduled twice runs once', async () => {
      h = await setup();
      const s = await started();
      const at = later(2);
      await s.schedule('k:same', at, { kind: 'test' });
      await s.schedule('k:same', at, { kind: 'test' });
      expect((await s.nextRun('k:same'))?.getTime()).toBe(at.getTime());
      await until(() => runs.length > 0, 8);
      await h.elapse(2 * unit);
      expect(runs).toHaveLength(1);
    });

    it('schedules many at once, each as schedule would: new, moved and unchanged', async () => {
      h = await setup();
      const s = await started();
      const [aAt, bAt] = [later(2), later(6)];
      await s.schedule('many:a', aAt, { kind: 'test', v: 'a' });
      await s.schedule('many:b', aAt, { kind: 'test', v: 'b' });
      await s.scheduleMany([
        { key: 'many:a', at: aAt, payload: { kind: 'test', v: 'a' } },
        { key: 'many:b', at: bAt, payload: { kind: 'test', v: 'b2' } },
        { key: 'many:c', at: later(1), payload: { kind: 'test', v: 'c' } },
      ]);
      expect((await s.nextRun('many:b'))?.getTime()).toBe(bAt.getTime());
      await until(() => runs.length >= 2, 8);
      await h.elapse(unit);
      expect(runs.map((r) => r.payload.v).sort()).toEqual(['a', 'c']);
      await until(() => runs.length >= 3, 10);
      await h.elapse(unit);
      expect(runs.map((r) => r.payload.v).sort()).toEqual(['a', 'b2', 'c']);
    });

    it('runs a job scheduled in the past right away', async () => {
      h = await setup();
      const s = await started();
      await s.schedule('k:past', new Date(h.now().getTime() - 60_000), { kind: 'test' });
      await until(() => runs.length > 0, 4);
      expect(runs).toHaveLength(1);
    });

    it('cancels a key, and every key under a prefix', async () => {
      h = await setup();
      const s = await started();
      await s.schedule('case:a:t-1', later(2), { kind: 'test', k: 'a1' });
      await s.schedule('case:a:due', later(2), { kind: 'test', k: 'a2' });
      await s.schedule('case:ab:due', later(2), { kind: 'test', k: 'ab' });
      await s.schedule('case:b:due', later(2), { kind: 'test', k: 'b' });
      await s.cancel('case:b:due');
      expect(await s.cancelPrefix('case:a:')).toBe(2);
      expect(await s.nextRun('case:a:t-1')).toBeNull();
      await until(() => runs.length > 0, 8);
      await h.elapse(2 * unit);
      expect(runs.map((r) => r.payload.k)).toEqual(['ab']);
    });

    it('retries a failing job with backoff and reports the attempt', async () => {
      h = await setup();
      const s = await started({ attempts: 4, backoffMs: unit / 2 }, async (j) => {
        if (j.attempt < 3) throw new Error('channel down');
      });
      await s.schedule('k:retry', later(0), { kind: 'test' });
      await until(() => runs.length >= 3, 16);
      await h.elapse(2 * unit);
      expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    });

    it('does not retry a DomainError', async () => {
      h = await setup();
      const s = await started({ attempts: 4, backoffMs: unit / 4 }, async () => {
        throw new DomainError('NOT_FOUND', 'gone');
      });
      await s.schedule('k:domain', later(0), { kind: 'test' });
      await until(() => runs.length > 0, 4);
      await h.elapse(4 * unit);
      expect(runs).toHaveLength(1);
    });

    it('keeps pending jobs across a restart', async () => {
      h = await setup();
      const first = await h.make();
      await first.schedule('k:restart', later(2), { kind: 'test', survived: true });
      await first.close();
      const second = await started();
      await until(() => runs.length > 0, 8);
      expect(runs.map((r) => r.payload.survived)).toEqual([true]);
      expect(await second.nextRun('k:restart')).toBeNull();
    });

    it('keeps the latest mark given under a name, across a restart', async () => {
      h = await setup();
      const first = await h.make();
      const [t5, t10, t20] = [later(5), later(10), later(20)];
      expect(await first.lastDone('sweep')).toBeUndefined();
      await first.markDone('sweep', t20);
      await first.markDone('sweep', t10); // a slower process finishing an older sweep
      await first.markDone('other', t5);
      await first.close();
      const second = await h.make();
      open.push(second);
      expect(await second.lastDone('sweep')).toEqual(t20);
      expect(await second.lastDone('other')).toEqual(t5);
    });

    it('finishes the job in flight on close', async () => {
      h = await setup();
      let finished = false;
      const s = await started({}, async () => {
        await new Promise((r) => setTimeout(r, 150));
        finished = true;
      });
      await s.schedule('k:inflight', later(0), { kind: 'test' });
      await until(() => runs.length > 0, 4);
      await s.close();
      open.splice(open.indexOf(s), 1);
      expect(finished).toBe(true);
    });

    it('several instances at once run each of 20 due jobs exactly once', async () => {
      h = await setup();
      const instances: Scheduler[] = [];
      for (let i = 0; i < 4; i++) instances.push(await started());
      const keys = Array.from({ length: 20 }, (_, i) => `k:many:${String(i).padStart(2, '0')}`);
      await Promise.all(keys.map((k, i) => instances[i % 4]?.schedule(k, later(1), { kind: 'test' })));
      await until(() => runs.length >= keys.length, 8);
      await h.elapse(2 * unit);
      expect(runs.map((r) => r.key).sort()).toEqual(keys);
    });

    it('a job re-scheduled while instances race to run it runs at its new time, once', async () => {
      h = await setup();
      const instances: Scheduler[] = [];
      for (let i = 0; i < 4; i++) instances.push(await started());
      const keys = Array.from({ length: 20 }, (_, i) => `k:moved:${String(i).padStart(2, '0')}`);
      for (const k of keys) await instances[0]?.schedule(k, later(1), { kind: 'test', v: 1 });
      // Every instance runs what has come due while other instances move every key to a later time.
      await Promise.all([h.elapse(unit), ...keys.map((k, i) => instances[i % 4]?.schedule(k, later(3), { kind: 'test', v: 2 }))]);
      const ran = (v: number) => keys.map((k) => runs.filter((r) => r.key === k && r.payload.v === v).length);
      await until(() => ran(2).every((n) => n > 0), 12);
      await h.elapse(2 * unit);
      expect(ran(2)).toEqual(keys.map(() => 1));
      expect(ran(1).every((n) => n <= 1)).toBe(true);
    });

    it('registers a daily job at a Shanghai wall-clock time, once', async () => {
      h = await setup();
      const s = await started();
      await s.daily('sweep:daily', { hour: 8, minute: 30 }, { kind: 'test' });
      await s.daily('sweep:daily', { hour: 8, minute: 30 }, { kind: 'test' });
      const next = await s.nextRun('sweep:daily');
      expect(next).not.toBeNull();
      const day = dayOf(next as Date);
      expect(next?.getTime()).toBe(atShanghai(day, 8, 30).getTime());
      expect((next as Date).getTime() - h.now().getTime()).toBeLessThanOrEqual(86_400_000);
      await s.cancel('sweep:daily');
      expect(await s.nextRun('sweep:daily')).toBeNull();
    });
  });
}
