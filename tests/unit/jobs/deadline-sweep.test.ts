import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyCommand } from '../../../domain/index.js';
import { atShanghai } from '../../../jobs/time.js';
import { makeService, townOfficial } from './service-setup.js';

let env: ReturnType<typeof makeService> | undefined;
afterEach(() => env?.close());

describe('deadline service: the sweep plans only what changed', () => {
  it('first sweep: overdue cases and those due within the lookahead; later sweeps: changes and deadlines entering the window', async () => {
    env = makeService(atShanghai('2026-06-10', 10));
    // None of these was planned when assessed (as after a crash between the change and its planning).
    await env.assessedCase('4', atShanghai('2026-06-18', 18));
    env.clock.set(atShanghai('2026-06-19', 10));
    await env.assessedCase('1', atShanghai('2026-06-22', 18));
    await env.assessedCase('2', atShanghai('2026-07-20', 18));
    await env.assessedCase('3', atShanghai('2026-06-28', 18));
    env.clock.set(atShanghai('2026-06-20', 10));

    expect(await env.service.sweep()).toMatchObject({ cases: 2 });
    expect(await env.scheduler.nextRun('case:1:t-1')).toEqual(atShanghai('2026-06-21', 9));
    expect(await env.scheduler.nextRun('case:4:overdue-3')).toEqual(atShanghai('2026-06-21', 9));
    expect(await env.scheduler.nextRun('case:2:t-3')).toBeNull();
    expect(await env.scheduler.nextRun('case:3:t-3')).toBeNull();

    // Next morning case 2 gets a new deadline: the change is what this sweep re-plans.
    await env.runUntil(atShanghai('2026-06-21', 8, 30));
    const two = (await env.cases.get('2'))!;
    const extend = { action: 'extend_deadline' as const, deadline: atShanghai('2026-07-25', 18), reason: '设备到货延迟' };
    await env.cases.update(applyCommand(two, extend, townOfficial, env.clock.now()));
    expect(await env.service.sweep()).toMatchObject({ cases: 1 });
    expect(await env.scheduler.nextRun('case:2:t-3')).toEqual(atShanghai('2026-07-22', 9));
    expect(await env.scheduler.nextRun('case:3:t-3')).toBeNull();

    // Three days on, case 3's deadline has entered the window: planned in time for its T−3 reminder.
    await env.runUntil(atShanghai('2026-06-24', 8, 30));
    await env.service.sweep();
    expect(await env.scheduler.nextRun('case:3:t-3')).toEqual(atShanghai('2026-06-25', 9));
    await env.runUntil(atShanghai('2026-06-25', 12));
    const texts = env.chat.to('tg:501').map((t) => t.split('\n')[1]);
    expect(texts).toContain('距整改期限还有3天（2026-06-28）。');
    expect(texts.filter((t) => t === '距整改期限还有1天（2026-06-22）。')).toHaveLength(1);
  });

  it('a restart sweeps only what changed since the last sweep of any process; a lost schedule is planned again in full', async () => {
    env = makeService(atShanghai('2026-06-10', 10));
    await env.assessedCase('1', atShanghai('2026-06-12', 18));
    await env.assessedCase('2', atShanghai('2026-07-20', 18));
    env.clock.set(atShanghai('2026-06-10', 10, 30));
    expect(await env.service.sweep()).toMatchObject({ cases: 1 });

    // An hour later another process starts; meanwhile case 3 was assessed and not planned (a crash in between).
    env.clock.set(atShanghai('2026-06-10', 11));
    await env.assessedCase('3', atShanghai('2026-06-13', 18));
    const restarted = env.restart();
    expect(await restarted.service.sweep()).toMatchObject({ cases: 1 });
    expect(await restarted.scheduler.nextRun('case:3:t-1')).toEqual(atShanghai('2026-06-12', 9));

    // The schedule is lost (a new database for the jobs, a flushed Redis): its mark goes with it, and the next
    // start plans every open case due soon again.
    env.db.exec('DELETE FROM job_scheduled_items; DELETE FROM job_marks');
    const afterLoss = env.restart();
    expect(await afterLoss.service.sweep()).toMatchObject({ cases: 2 });
    expect(await afterLoss.scheduler.nextRun('case:1:t-1')).toEqual(atShanghai('2026-06-11', 9));
    expect(await afterLoss.scheduler.nextRun('case:2:t-3')).toBeNull();
  });

  it('a sweep over more cases than one page hands their rungs over together, and each reminder is sent once', async () => {
    env = makeService(atShanghai('2026-06-10', 10));
    const n = 2_100; // the sweep reads 2,000 cases a page
    for (let i = 1; i <= n; i++) await env.assessedCase(String(i), atShanghai('2026-06-12', 18));
    const scheduleMany = vi.spyOn(env.scheduler, 'scheduleMany');
    expect(await env.service.sweep()).toMatchObject({ cases: n, rungs: 3 * n }); // T−1, the due day and the first day overdue
    expect(scheduleMany).toHaveBeenCalledTimes(1);

    // A restart with no mark plans them all again: nothing doubles.
    env.db.exec('DELETE FROM job_marks');
    expect(await env.restart().service.sweep()).toMatchObject({ cases: n, rungs: 3 * n });
    await env.runUntil(atShanghai('2026-06-11', 12));
    const numbers = env.chat.to('tg:501').map((t) => t.split('\n')[0]);
    expect(numbers).toHaveLength(n);
    expect(new Set(numbers).size).toBe(n);
    expect(numbers).toContain('⏰ 隐患整改提醒：ZZ-2026-002100 · 晋城某铸造有限公司');
  });
});
