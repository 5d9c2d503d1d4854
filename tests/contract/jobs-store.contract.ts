import { describe, expect, it } from 'vitest';
import type { DeliveryKey, JobStores, TownTask } from '../../domain/reminders.js';

/** One suite for the jobs' ports; each runner gives fresh, empty stores per test. */
export function jobsStoreContract(name: string, fresh: () => Promise<JobStores>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);

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

    it('keeps the latest time set under a mark', async () => {
      const { scheduledItems: s } = await fresh();
      expect(await s.getMark('sweep')).toBeUndefined();
      await s.setMark('sweep', at(20));
      await s.setMark('sweep', at(10));
      expect(await s.getMark('sweep')).toEqual(at(20));
      await s.setMark('sweep', at(30));
      expect(await s.getMark('sweep')).toEqual(at(30));
    });

    it('takes a first mark from several processes at once without failing any of them', async () => {
      const { scheduledItems: s } = await fresh();
      await Promise.all([1, 2, 3, 4].map((n) => s.setMark('first', at(n))));
      expect((await s.getMark('first'))?.getTime()).toBeGreaterThanOrEqual(at(1).getTime());
    });

    it('leaves an identical pending item untouched', async () => {
      const { scheduledItems: s } = await fresh();
      await s.put({ key: 'k', at: at(10), payload: { kind: 'x' } });
      const before = await s.get('k');
      await s.put({ key: 'k', at: at(10), payload: { kind: 'x' } });
      expect((await s.get('k'))?.rev).toBe(before?.rev);
    });

    it('puts many at once: new ones added, changed ones replaced, identical ones untouched', async () => {
      const { scheduledItems: s } = await fresh();
      const day = 86_400;
      await s.put({ key: 'same', at: at(10), payload: { kind: 'x' } });
      await s.put({ key: 'moved', at: at(10), payload: { kind: 'x' } });
      await s.put({ key: 'edited', at: at(20), payload: { kind: 'x', n: 1 } });
      const before = new Map(await Promise.all(['same', 'moved', 'edited'].map(async (k) => [k, (await s.get(k))!.rev] as const)));
      await s.putMany([
        { key: 'same', at: at(10), payload: { kind: 'x' } },
        { key: 'moved', at: at(3 * day), payload: { kind: 'x' } },
        { key: 'edited', at: at(20), payload: { kind: 'x', n: 2 } },
        { key: 'new', at: at(3 * day), payload: { kind: 'y' } },
      ]);
      expect((await s.get('same'))?.rev).toBe(before.get('same'));
      expect((await s.get('moved'))?.at.getTime()).toBe(at(3 * day).getTime());
      expect((await s.get('edited'))?.payload).toEqual({ kind: 'x', n: 2 });
      expect((await s.get('edited'))?.rev).toBeGreaterThan(before.get('edited')!);
      expect(await s.get('new')).toMatchObject({ status: 'pending', attempt: 0, payload: { kind: 'y' } });
      // 'new' and 'moved' share a day: one insert adds the first and finds the second there already.
      // Put again as they now are: nothing changes, including the item that moved to another day.
      const revs = await Promise.all(['moved', 'new'].map(async (k) => (await s.get(k))!.rev));
      await s.putMany([
        { key: 'moved', at: at(3 * day), payload: { kind: 'x' } },
        { key: 'new', at: at(3 * day), payload: { kind: 'y' } },
      ]);
      expect(await Promise.all(['moved', 'new'].map(async (k) => (await s.get(k))!.rev))).toEqual(revs);
      await s.putMany([]);
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

    it('20 items × 8 concurrent claimers: each claimed exactly once, and once again when its lease ends', async () => {
      const { scheduledItems: s } = await fresh();
      for (const [i, key] of keys.entries()) await s.put({ key, at: at(i), payload: { kind: 'x' } });
      const claimers = (now: Date, lease: Date) => Promise.all(Array.from({ length: 8 }, () => s.claimDue(now, lease, 20)));
      const first = (await claimers(at(30), at(90))).flat();
      expect(first.map((i) => i.key).sort()).toEqual(keys);
      for (const i of first) expect(await s.get(i.key)).toMatchObject({ status: 'running', attempt: 1, rev: i.rev });
      const second = (await claimers(at(91), at(150))).flat();
      expect(second.map((i) => i.key).sort()).toEqual(keys);
      expect(second.map((i) => i.attempt)).toEqual(keys.map(() => 2));
      // Only the latest claim of an item can complete it, even when both try at once.
      const done = await Promise.all([...first, ...second].map((i) => s.complete(i.key, i.rev)));
      expect(done).toEqual([...keys.map(() => false), ...keys.map(() => true)]);
      for (const key of keys) expect(await s.get(key)).toBeNull();
    });

    it('a put racing 8 claimers is never lost: a claim either misses it or can no longer finish', async () => {
      const { scheduledItems: s } = await fresh();
      for (const [i, key] of keys.entries()) await s.put({ key, at: at(i), payload: { kind: 'x', v: 1 } });
      const [rounds] = await Promise.all([
        Promise.all(Array.from({ length: 8 }, () => s.claimDue(at(30), at(90), 20))),
        Promise.all(keys.map((key) => s.put({ key, at: at(500), payload: { kind: 'x', v: 2 } }))),
      ]);
      const claimed = rounds.flat();
      expect(new Set(claimed.map((i) => i.key)).size).toBe(claimed.length);
      const ended = await Promise.all(claimed.map((i, n) => (n % 2 ? s.complete(i.key, i.rev) : s.fail(i.key, i.rev, null, 'boom'))));
      expect(ended.filter(Boolean)).toEqual([]);
      for (const key of keys) {
        const item = await s.get(key);
        expect(item).toMatchObject({ status: 'pending', attempt: 0, payload: { kind: 'x', v: 2 } });
        expect(item?.at.getTime()).toBe(at(500).getTime());
      }
    });

    it('a put racing the end of a run (complete, repeat or fail) survives it', async () => {
      const { scheduledItems: s } = await fresh();
      for (const [i, key] of keys.entries()) await s.put({ key, at: at(i), payload: { kind: 'x', v: 1 } });
      const claimed = await s.claimDue(at(30), at(90), 20);
      expect(claimed).toHaveLength(20);
      const end = (i: (typeof claimed)[number], n: number) =>
        n % 3 === 0 ? s.complete(i.key, i.rev) : n % 3 === 1 ? s.complete(i.key, i.rev, at(86_400)) : s.fail(i.key, i.rev, at(60), 'boom');
      const put = (key: string) => s.put({ key, at: at(500), payload: { kind: 'x', v: 2 } });
      await Promise.all(claimed.flatMap((i, n) => (n % 2 ? [end(i, n), put(i.key)] : [put(i.key), end(i, n)])));
      for (const key of keys) {
        const item = await s.get(key);
        expect(item).toMatchObject({ status: 'pending', attempt: 0, payload: { kind: 'x', v: 2 } });
        expect(item?.at.getTime()).toBe(at(500).getTime());
      }
    });

    it('8 concurrent puts of a key: every one is a write of its own', async () => {
      const { scheduledItems: s } = await fresh();
      await Promise.all(Array.from({ length: 8 }, (_, v) => s.put({ key: 'new', at: at(10), payload: { kind: 'x', v } })));
      expect((await s.get('new'))?.payload.v).toBeOneOf([0, 1, 2, 3, 4, 5, 6, 7]);
      await s.put({ key: 'k', at: at(10), payload: { kind: 'x', v: 0 } });
      const before = (await s.get('k'))?.rev ?? Infinity;
      await Promise.all(Array.from({ length: 8 }, (_, v) => s.put({ key: 'k', at: at(10), payload: { kind: 'x', v: v + 1 } })));
      const after = await s.get('k');
      expect(after?.rev).toBeGreaterThanOrEqual(before + 8);
      expect(after?.payload.v).toBeOneOf([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('concurrent removes: each item is removed once', async () => {
      const { scheduledItems: s } = await fresh();
      for (const key of keys) await s.put({ key: `case:a:${key}`, at: at(1), payload: { kind: 'x' } });
      await s.claimDue(at(1), at(60), 5); // some of them running
      const [p1, p2, ...one] = await Promise.all([
        s.removePrefix('case:a:'),
        s.removePrefix('case:a:'),
        ...keys.map((key) => s.remove(`case:a:${key}`)),
      ]);
      expect((p1 ?? 0) + (p2 ?? 0) + one.filter(Boolean).length).toBe(20);
      expect(await s.nextWake()).toBeNull();
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

    it('20 concurrent claims of one key: exactly one wins, whether new, failed or stale', async () => {
      const { deliveries: d } = await fresh();
      const race = (now: Date, staleBefore: Date) => Promise.all(Array.from({ length: 20 }, () => d.claim(key, now, staleBefore)));
      const tally = (results: string[]) => [results.filter((r) => r === 'claimed').length, results.filter((r) => r === 'in_flight').length];
      expect(tally(await race(at(0), at(-120)))).toEqual([1, 19]);
      await d.markFailed(key, 'timeout', at(1));
      expect(tally(await race(at(2), at(-118)))).toEqual([1, 19]);
      expect(tally(await race(at(200), at(80)))).toEqual([1, 19]);
      expect(await d.get(key)).toMatchObject({ state: 'claimed', attempts: 3 });
      await d.markSent(key, at(201));
      expect(new Set(await race(at(400), at(300)))).toEqual(new Set(['already_sent']));
    });

    it('20 keys × 8 concurrent claimers: one claim per key', async () => {
      const { deliveries: d } = await fresh();
      const rungs = Array.from({ length: 20 }, (_, i) => `t-${i}@2026-06-30`);
      const results = await Promise.all(rungs.flatMap((rung) => Array.from({ length: 8 }, () => d.claim({ ...key, rung }, at(0), at(-120)))));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(20);
      expect((await d.list({ subject: key.subject })).map((r) => r.attempts)).toEqual(rungs.map(() => 1));
    });

    it('a failure report racing the sent mark cannot undo it', async () => {
      const { deliveries: d } = await fresh();
      expect(await d.claim(key, at(0), at(-120))).toBe('claimed');
      const fail = () => Array.from({ length: 10 }, () => d.markFailed(key, 'late timeout', at(1)));
      await Promise.all([...fail(), d.markSent(key, at(1)), ...fail()]);
      expect(await d.get(key)).toMatchObject({ state: 'sent', attempts: 1 });
      expect((await d.get(key))?.lastError).toBeUndefined();
      expect(await d.claim(key, at(500), at(400))).toBe('already_sent');
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

    it('8 concurrent upserts, acknowledgements and completions: each takes effect once', async () => {
      const { tasks } = await fresh();
      await Promise.all(Array.from({ length: 8 }, (_, n) => tasks.upsertTask({ ...task, title: `t${n}` })));
      expect((await tasks.getTask(task.id))?.title).toMatch(/^t[0-7]$/);
      const acks = await Promise.all(Array.from({ length: 8 }, (_, n) => tasks.acknowledge(task.id, 'bagong', `u${n}`, at(n))));
      expect(acks.filter(Boolean)).toHaveLength(1);
      const dones = await Promise.all(
        Array.from({ length: 8 }, (_, n) => tasks.markDone(task.id, n % 2 ? 'bagong' : 'gaodu', { by: `u${n}`, at: at(n) })),
      );
      expect(dones.filter(Boolean)).toHaveLength(2);
      const p = await tasks.progress(task.id);
      expect(p.map((r) => r.townId)).toEqual(['bagong', 'gaodu']);
      expect(p.every((r) => r.doneBy !== undefined && r.acknowledgedBy !== undefined)).toBe(true);
      expect(p[1]?.acknowledgedBy).toBe(p[1]?.doneBy);
    });
  });
}
