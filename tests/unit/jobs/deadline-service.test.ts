import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, type Case } from '../../../domain/index.js';
import { atShanghai } from '../../../jobs/time.js';
import { makeService, townOfficial } from './service-setup.js';

let env: ReturnType<typeof makeService> | undefined;
afterEach(() => env?.close());

const start = atShanghai('2026-06-20', 10); // a Saturday morning
const deadline = atShanghai('2026-06-26', 18); // Friday 18:00

describe('deadline service: case reminders', () => {
  it('sends T−3, T−1, the due day, daily overdue reminders, then escalates once on day 3', async () => {
    env = makeService(start);
    const c = await env.assessedCase('1', deadline);
    const r = await env.service.onCaseChanged(c);
    expect(r).toEqual({ planned: 4, warnings: [] });

    await env.runUntil(atShanghai('2026-06-23', 9, 30));
    expect(env.chat.to('tg:501')).toHaveLength(1);
    expect(env.chat.to('tg:501')[0]).toContain('距整改期限还有3天（2026-06-26）');
    expect(env.chat.to('tg:-100bagong')).toHaveLength(1);

    await env.runUntil(atShanghai('2026-06-26', 12));
    expect(env.chat.to('tg:501').map((t) => t.split('\n')[1])).toEqual([
      '距整改期限还有3天（2026-06-26）。',
      '距整改期限还有1天（2026-06-26）。',
      '今天（2026-06-26）整改到期。',
    ]);
    expect(env.chat.to('tg:-100county')).toEqual([]);

    await env.runUntil(atShanghai('2026-07-01', 12));
    const worker = env.chat.to('tg:501');
    expect(worker.slice(3).map((t) => t.split('\n')[1])).toEqual([1, 2, 3, 4, 5].map((n) => `已逾期${n}天（期限2026-06-26）。`));
    const countyMsgs = env.chat.to('tg:-100county');
    expect(countyMsgs).toHaveLength(2);
    expect(countyMsgs[0]).toContain('督办提醒：ZZ-2026-000001（巴公镇 · 晋城某铸造有限公司）已超过整改期限（2026-06-26）3天');
    expect(countyMsgs[1]).toContain('事故隐患整改督办函');
    expect(countyMsgs[1]).toContain('已逾期3天');
    const stored = (await env.cases.get('1')) as Case;
    expect(stored.escalatedAt?.getTime()).toBe(atShanghai('2026-06-29', 9).getTime());
    expect(stored.history.at(-1)).toMatchObject({ action: 'escalate', actorId: 'system' });
    expect(stored.levelHistory?.at(-1)).toMatchObject({ from: 'town', to: 'county', action: 'escalate', actorId: 'system', actorRole: 'system', rule: 'overdue_3d' });
    // Every send happened once, in the reminder hour.
    const log = await env.stores.deliveries.list({ subject: 'case:1' });
    expect(log.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
  });

  it('re-plans on a deadline extension and stops when the case is closed', async () => {
    env = makeService(start);
    let c = await env.assessedCase('2', deadline);
    await env.service.onCaseChanged(c);
    await env.runUntil(atShanghai('2026-06-23', 12));
    const extended = { action: 'extend_deadline' as const, deadline: atShanghai('2026-07-10', 18), reason: '设备到货延迟' };
    c = await env.cases.update(applyCommand(c, extended, townOfficial, env.clock.now()));
    await env.service.onCaseChanged(c);
    await env.runUntil(atShanghai('2026-07-08', 12));
    expect(env.chat.to('tg:501').map((t) => t.split('\n')[1])).toEqual([
      '距整改期限还有3天（2026-06-26）。',
      '距整改期限还有3天（2026-07-10）。',
    ]);
    c = await env.cases.update({ ...c, status: 'closed', closedAt: env.clock.now() });
    await env.service.onCaseChanged(c);
    await env.runUntil(atShanghai('2026-07-20', 12));
    expect(env.chat.to('tg:501')).toHaveLength(2);
    expect(await env.scheduler.nextRun('case:2:t-1')).toBeNull();
  });

  it('retries a failed send with backoff and never sends a target twice', async () => {
    env = makeService(start);
    const c = await env.assessedCase('3', deadline);
    await env.service.onCaseChanged(c);
    env.chat.failing = (chat) => chat === 'tg:-100bagong';
    await env.runUntil(atShanghai('2026-06-23', 9, 30));
    expect(env.chat.to('tg:501')).toHaveLength(1);
    expect(env.chat.to('tg:-100bagong')).toHaveLength(0);
    env.chat.failing = () => false;
    await env.runUntil(atShanghai('2026-06-23', 12));
    expect(env.chat.to('tg:501')).toHaveLength(1);
    expect(env.chat.to('tg:-100bagong')).toHaveLength(1);
    const group = await env.stores.deliveries.get({ target: 'tg:-100bagong', subject: 'case:3', rung: 't-3@2026-06-26' });
    expect(group?.state).toBe('sent');
    expect(group?.attempts).toBeGreaterThan(1);
  });

  it('holds non-urgent pushes in quiet hours and warns about a holiday deadline', async () => {
    env = makeService(atShanghai('2026-09-28', 21), { reminderHour: 23 });
    const c = await env.assessedCase('4', atShanghai('2026-10-03', 12));
    const r = await env.service.onCaseChanged(c);
    expect(r.warnings).toEqual(['deadline 2026-10-03 falls on a public holiday (国庆节)']);
    // The 23:00 rung of 09-30 waits for the end of quiet hours.
    await env.runUntil(atShanghai('2026-10-01', 6, 59));
    expect(env.chat.sent).toEqual([]);
    await env.runUntil(atShanghai('2026-10-01', 8));
    expect(env.chat.to('tg:501').map((t) => t.split('\n')[1])).toEqual(['距整改期限还有2天（2026-10-03）。']);
    const t3 = await env.stores.deliveries.get({ target: 'tg:501', subject: 'case:4', rung: 't-3@2026-10-03' });
    expect(t3?.sentAt?.getTime()).toBeGreaterThanOrEqual(atShanghai('2026-10-01', 7).getTime());
  });

  it('plans after a restart: planAll catches up a rung missed by downtime, once', async () => {
    env = makeService(start);
    const c = await env.assessedCase('5', deadline);
    // No onCaseChanged: the process was down; it comes back at 10:00 on T−1.
    env.clock.set(atShanghai('2026-06-25', 10));
    expect(await env.service.planAll()).toMatchObject({ cases: 1 });
    await env.scheduler.runDue();
    await env.service.planAll();
    await env.scheduler.runDue();
    expect(env.chat.to('tg:501').map((t) => t.split('\n')[1])).toEqual(['距整改期限还有1天（2026-06-26）。']);
    expect(c.id).toBe('5');
  });
});

describe('deadline service: queries', () => {
  it('lists upcoming deadlines and overdue cases per town', async () => {
    env = makeService(start);
    await env.assessedCase('6', deadline);
    await env.assessedCase('7', atShanghai('2026-06-21', 18), 'major');
    await env.assessedCase('8', atShanghai('2026-08-01', 18));
    const up = await env.service.upcomingDeadlines({ days: 7 });
    expect(up.cases.map((c) => [c.number, c.daysLeft])).toEqual([
      ['ZZ-2026-000007', 1],
      ['ZZ-2026-000006', 6],
    ]);
    expect(await env.service.upcomingDeadlines({ townId: 'gaodu', days: 7 })).toEqual({ cases: [], tasks: [] });
    env.clock.set(atShanghai('2026-06-24', 9));
    const overdue = await env.service.overdueCases();
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ townId: 'bagong', townName: '巴公镇' });
    expect(overdue[0]?.cases.map((c) => [c.number, c.daysLeft, c.severity])).toEqual([['ZZ-2026-000007', -3, 'major']]);
    expect(await env.service.overdueCases({ townId: 'gaodu' })).toEqual([]);
    expect(await env.service.supervisionLetter('7')).toContain('该隐患经评估为重大事故隐患，整改期限为2026年6月21日。截至2026年6月24日，已逾期3天');
  });
});
