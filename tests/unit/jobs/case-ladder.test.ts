import { describe, expect, it } from 'vitest';
import { newCase, type Case } from '../../../domain/index.js';
import { planCase } from '../../../jobs/plan/case-ladder.js';
import { atShanghai } from '../../../jobs/time.js';

const cfg = { reminderHour: 9, quietHours: { start: 22, end: 7 } };
const setAt = atShanghai('2026-06-20', 10);

function caseWith(patch: Partial<Case>): Case {
  const c = newCase({ id: 'k1', number: 'ZZ-2026-000001', source: 'inspection', description: '消防通道堵塞严重', photos: [] }, { id: 'o', role: 'town_official' }, setAt);
  return {
    ...c,
    status: 'assessed',
    deadline: atShanghai('2026-06-26', 18),
    history: [...c.history, { at: setAt, actorId: 'o', actorRole: 'town_official', action: 'assess', from: 'registered', to: 'assessed' }],
    ...patch,
  };
}
const plan = (c: Case, now: Date) => planCase(c, now, cfg).rungs.map((r) => [r.rung, r.at.toISOString()]);
const iso = (day: string, h: number) => atShanghai(day, h).toISOString();

describe('case reminder ladder', () => {
  it('plans T−3, T−1 and the due day at 09:00 Shanghai, then the first overdue day', () => {
    expect(plan(caseWith({}), setAt)).toEqual([
      ['t-3', iso('2026-06-23', 9)],
      ['t-1', iso('2026-06-25', 9)],
      ['due', iso('2026-06-26', 9)],
      ['overdue-1', iso('2026-06-27', 9)],
    ]);
  });

  it('plans one overdue rung at a time and catches up a rung missed within 12 hours', () => {
    expect(plan(caseWith({}), atShanghai('2026-06-29', 15))).toEqual([
      ['overdue-3', iso('2026-06-29', 9)],
      ['overdue-4', iso('2026-06-30', 9)],
    ]);
    expect(plan(caseWith({}), atShanghai('2026-06-29', 23))).toEqual([['overdue-4', iso('2026-06-30', 9)]]);
  });

  it('never owes a rung from before the deadline was set', () => {
    const late = caseWith({ deadline: atShanghai('2026-06-21', 18) });
    // Set at 10:00 on 06-20: that morning's T−1 rung was never due; no catch-up for it.
    expect(plan(late, setAt)).toEqual([
      ['due', iso('2026-06-21', 9)],
      ['overdue-1', iso('2026-06-22', 9)],
    ]);
  });

  it('moves a catch-up out of quiet hours unless the hazard is major', () => {
    const now = atShanghai('2026-06-25', 21);
    const c = caseWith({});
    const quietCfg = { reminderHour: 21, quietHours: { start: 20, end: 7 } };
    expect(planCase(c, now, quietCfg).rungs[0]).toMatchObject({ rung: 't-1', at: atShanghai('2026-06-26', 7) });
    expect(planCase({ ...c, severity: 'major' }, now, quietCfg).rungs[0]).toMatchObject({ rung: 't-1', at: atShanghai('2026-06-25', 21) });
  });

  it('plans nothing once no deadline runs (closed, rejected, disputed back to registered)', () => {
    for (const status of ['closed', 'rejected', 'registered'] as const) expect(planCase(caseWith({ status }), setAt, cfg)).toEqual({ rungs: [], warnings: [] });
  });
});
