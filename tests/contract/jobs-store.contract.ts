import { describe, expect, it } from 'vitest';
import type { DeliveryKey, JobStores, TownTask } from '../../domain/reminders.js';

/** One suite for the jobs' ports; each runner gives fresh, empty stores per test. */
export function jobsStoreContract(name: string, fresh: () => Promise<JobStores>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  describe(`jobs store contract: ${name} · scheduled items`, () => {
    it('puts, gets and replaces an item by key', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'case:1:due', at: at(10), payload: { kind: 'x', n: 1 } });
      const first = await s.get('case:1:due');
      expect(first).toMatchObject({ key: 'case:1:due', status: 'pending', attempt: 0, payload: { kind: 'x', n: 1 } });
      expect(first?.at.getTime()).toBe(at(10).getTime());
      await s.put({ key: 'case:1:due', at: at(20), payload: { kind: 'x', n: 2 } });
      const moved = await s.get('case:1:due');
      expect(moved?.at.getTime()).toBe(at(20).getTime());
      expect(moved?.payload).toEqual({ kind: 'x', n: 2 });
      expect(moved?.rev).toBeGreaterThan(first?.rev ?? 0);
    });

    it('leaves an identical pending item untouched', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'k', at: at(10), payload: { kind: 'x' } });
      const before = await s.get('k');
      await s.put({ key: 'k', at: at(10), payload: { kind: 'x' } });
      expect((await s.get('k'))?.rev).toBe(before?.rev);
    });

    it('claims due items once, earliest first, and not those ahead', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'b', at: at(5), payload: { kind: 'x' } });
      await s.put({ key: 'a', at: at(1), payload: { kind: 'x' } });
      await s.put({ key: 'later', at: at(100), payload: { kind: 'x' } });
      const claimed = await s.claimDue(at(10), at(70), 10);
      expect(claimed.map((i) => i.key)).toEqual(['a', 'b']);
      expect(claimed[0]).toMatchObject({ status: 'running', attempt: 1 });
      expect(claimed[0]?.leaseUntil?.getTime()).toBe(at(70).getTime());
      expect(await s.claimDue(at(10), at(70), 10)).toEqual([]);
      expect((await s.nextWake())?.getTime()).toBe(at(70).getTime());
    });

    it('concurrent claimers never share an item', async () => {
      const { scheduledItems: s } = await fresh();
      for (let i = 0; i < 20; i++) await s.put({ key: `k${String(i).padStart(2, '0')}`, at: at(i), payload: { kind: 'x' } });
      const rounds = await Promise.all(Array.from({ length: 4 }, () => s.claimDue(at(30), at(90), 20)));
      const keys = rounds.flat().map((i) => i.key);
      expect(keys).toHaveLength(20);
      expect(new Set(keys).size).toBe(20);
    });

    it('re-claims an item whose lease ended; the old claim can no longer complete it', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'k', at: at(0), payload: { kind: 'x' } });
      const [dead] = await s.claimDue(at(1), at(60), 1);
      expect(await s.claimDue(at(30), at(90), 1)).toEqual([]);
      const [again] = await s.claimDue(at(61), at(120), 1);
      expect(again).toMatchObject({ key: 'k', attempt: 2 });
      expect(await s.complete('k', dead?.rev ?? -1)).toBe(false);
      expect(await s.complete('k', again?.rev ?? -1)).toBe(true);
      expect(await s.get('k')).toBeNull();
    });

    it('a put during a run survives the run completing', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'k', at: at(0), payload: { kind: 'x', v: 1 } });
      const [run] = await s.claimDue(at(1), at(60), 1);
      await s.put({ key: 'k', at: at(500), payload: { kind: 'x', v: 2 } });
      expect(await s.complete('k', run?.rev ?? -1)).toBe(false);
      expect(await s.get('k')).toMatchObject({ status: 'pending', payload: { kind: 'x', v: 2 } });
    });

    it('retries, fails for good, and repeats a daily item', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'r', at: at(0), payload: { kind: 'x' } });
      await s.put({ key: 'd', at: at(0), payload: { kind: 'x' }, daily: { hour: 8, minute: 30 } });
      const claimed = await s.claimDue(at(1), at(60), 10);
      const r = claimed.find((i) => i.key === 'r');
      const d = claimed.find((i) => i.key === 'd');
      expect(d?.daily).toEqual({ hour: 8, minute: 30 });
      expect(await s.fail('r', r?.rev ?? -1, at(30), 'boom')).toBe(true);
      expect(await s.get('r')).toMatchObject({ status: 'pending', lastError: 'boom', attempt: 1 });
      expect(await s.complete('d', d?.rev ?? -1, at(86_400))).toBe(true);
      expect(await s.get('d')).toMatchObject({ status: 'pending', attempt: 0 });
      const [again] = await s.claimDue(at(31), at(90), 10);
      expect(await s.fail('r', again?.rev ?? -1, null, 'gave up')).toBe(true);
      expect(await s.get('r')).toMatchObject({ status: 'failed', lastError: 'gave up' });
      expect((await s.nextWake())?.getTime()).toBe(at(86_400).getTime());
    });

    it('removes by key and by prefix', async () => {
      const { scheduledItems: s } = await fresh();
      for (const k of ['case:a:t-1', 'case:a:due', 'case:ab:due', 'case:b:due']) await s.put({ key: k, at: at(1), payload: { kind: 'x' } });
      expect(await s.remove('case:b:due')).toBe(true);
      expect(await s.remove('case:b:due')).toBe(false);
      expect(await s.removePrefix('case:a:')).toBe(2);
      expect(await s.get('case:ab:due')).not.toBeNull();
    });
  });

  describe(`jobs store contract: ${name} · delivery log`, () => {
    const key: DeliveryKey = { target: 'tg:100', subject: 'case:1', rung: 't-1@2026-06-30' };

    it('grants one claim; a sent key stays sent', async () => {
      const { deliveries: d } = await fresh();
      expect(await d.claim(key, at(0), at(-120))).toBe('claimed');
      expect(await d.claim(key, at(1), at(-119))).toBe('in_flight');
      await d.markSent(key, at(2));
      expect(await d.claim(key, at(3), at(3))).toBe('already_sent');
      expect(await d.get(key)).toMatchObject({ state: 'sent', attempts: 1 });
      expect((await d.get(key))?.sentAt?.getTime()).toBe(at(2).getTime());
    });

    it('concurrent claims: exactly one wins', async () => {
      const { deliveries: d } = await fresh();
      const results = await Promise.all(Array.from({ length: 8 }, () => d.claim(key, at(0), at(-120))));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    });

    it('a failed or stale claim may be claimed again', async () => {
      const { deliveries: d } = await fresh();
      await d.claim(key, at(0), at(-120));
      await d.markFailed(key, 'timeout', at(1));
      expect(await d.get(key)).toMatchObject({ state: 'failed', lastError: 'timeout' });
      expect(await d.claim(key, at(2), at(-118))).toBe('claimed');
      expect(await d.claim(key, at(100), at(-20))).toBe('in_flight');
      expect(await d.claim(key, at(200), at(80))).toBe('claimed');
      expect(await d.get(key)).toMatchObject({ state: 'claimed', attempts: 3 });
    });

    it('lists by subject and target', async () => {
      const { deliveries: d } = await fresh();
      await d.claim(key, at(0), at(0));
      await d.claim({ ...key, target: 'wecom:zhang' }, at(1), at(0));
      await d.claim({ ...key, subject: 'case:2' }, at(2), at(0));
      expect((await d.list({ subject: 'case:1' })).map((r) => r.target).sort()).toEqual(['tg:100', 'wecom:zhang']);
      expect(await d.list({ target: 'tg:100' })).toHaveLength(2);
      expect(await d.list({})).toHaveLength(3);
    });
  });

  describe(`jobs store contract: ${name} · town tasks`, () => {
    const task: TownTask = {
      id: 'basic-ledger',
      title: '建立本辖区企业基本信息台账并上报县局',
      due: '2026-05-31',
      townIds: ['bagong', 'gaodu'],
      attachmentRequired: true,
      remindDaysBefore: [7, 1, 0],
      source: 'plan',
      basis: '一（一）1',
      createdAt: t0,
    };

    it('stores, replaces and lists tasks by due day', async () => {
      const { tasks } = await fresh();
      await tasks.upsertTask({ ...task, id: 'later', due: '2026-12-31' });
      await tasks.upsertTask(task);
      await tasks.upsertTask({ ...task, title: '台账' });
      expect(await tasks.getTask('basic-ledger')).toEqual({ ...task, title: '台账' });
      expect((await tasks.listTasks()).map((t) => t.id)).toEqual(['basic-ledger', 'later']);
      expect(await tasks.getTask('nope')).toBeNull();
    });

    it('acknowledges once and marks done once', async () => {
      const { tasks } = await fresh();
      await tasks.upsertTask(task);
      expect(await tasks.acknowledge(task.id, 'bagong', 'u1', at(0))).toBe(true);
      expect(await tasks.acknowledge(task.id, 'bagong', 'u2', at(5))).toBe(false);
      const att = { id: 'm1', name: '台账.xlsx' };
      expect(await tasks.markDone(task.id, 'bagong', { by: 'u1', at: at(10), attachment: att })).toBe(true);
      expect(await tasks.markDone(task.id, 'bagong', { by: 'u1', at: at(20) })).toBe(false);
      // Done without a prior acknowledgement acknowledges too.
      expect(await tasks.markDone(task.id, 'gaodu', { by: 'u3', at: at(30), note: '已上报' })).toBe(true);
      const p = await tasks.progress(task.id);
      expect(p).toHaveLength(2);
      expect(p[0]).toMatchObject({ townId: 'bagong', acknowledgedBy: 'u1', doneBy: 'u1', attachment: att });
      expect(p[0]?.acknowledgedAt?.getTime()).toBe(at(0).getTime());
      expect(p[0]?.doneAt?.getTime()).toBe(at(10).getTime());
      expect(p[1]).toMatchObject({ townId: 'gaodu', acknowledgedBy: 'u3', doneBy: 'u3', note: '已上报' });
      expect(await tasks.progress()).toHaveLength(2);
      expect(await tasks.progress('other')).toEqual([]);
    });
  });
}
