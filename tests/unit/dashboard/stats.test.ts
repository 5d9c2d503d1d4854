import { describe, expect, it } from 'vitest';
import { applyCommand, newCase } from '../../../domain/index.js';
import type { Actor, Case, Command, Town } from '../../../domain/index.js';
import { horizontalBars } from '../../../dashboard/stats/charts.js';
import { caseStats } from '../../../dashboard/stats/compute.js';
import { lateTownsText, monthlyReport, statusAt } from '../../../dashboard/stats/monthly-report.js';

const towns: Town[] = [
  { id: 'bagong', name: '巴公镇', groupChats: [] },
  { id: 'nancun', name: '南村镇', groupChats: [] },
];
const assessor: Actor = { id: 'a', role: 'county_official' };
const reviewer: Actor = { id: 'r', role: 'county_official' };
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);
let seq = 0;

/** A case reported at `reported`, then each command at the date given with it. */
function story(townId: string, reported: string, steps: [string, Command][] = [], severity?: 'major'): Case {
  let c = newCase({ id: `c${++seq}`, number: `ZZ-2026-${seq}`, source: 'worker_report', description: '熔炼炉冷却水管漏水', townId, photos: [] }, { id: 'w', role: 'worker' }, at(reported));
  for (const [day, cmd] of steps) c = applyCommand(c, cmd, cmd.action === 'approve' ? reviewer : assessor, at(day));
  return severity ? { ...c, severity } : c;
}
const photo = { id: 'p', mime: 'image/jpeg', bytes: 1 };
const assessed = (day: string, deadline: string, category = '煤气'): [string, Command][] => [
  [day, { action: 'register', townId: 'x' }],
  [day, { action: 'assess', severity: 'general', deadline: at(deadline), category }],
  [day, { action: 'start_rectification' }],
];
const closed = (day: string): [string, Command][] => [
  [day, { action: 'request_review', afterPhotos: [photo] }],
  [day, { action: 'approve' }],
];
const fixTown = (townId: string, steps: [string, Command][]) => steps.map(([d, c]): [string, Command] => [d, c.action === 'register' ? { ...c, townId } : c]);

// May 2026: Nancun closes one case on time and one late, leaves one overdue; Bagong reports one and has one overdue since April.
const cases = [
  story('nancun', '2026-05-02', [...fixTown('nancun', assessed('2026-05-03', '2026-05-10')), ...closed('2026-05-08')]),
  story('nancun', '2026-05-04', [...fixTown('nancun', assessed('2026-05-05', '2026-05-12', '粉尘涉爆')), ...closed('2026-05-20')]),
  story('nancun', '2026-05-06', fixTown('nancun', assessed('2026-05-06', '2026-05-25'))),
  story('bagong', '2026-04-10', fixTown('bagong', assessed('2026-04-11', '2026-04-30'))),
  story('bagong', '2026-05-28', [], undefined),
  // Closed in June: open and overdue at the end of May.
  story('bagong', '2026-05-10', [...fixTown('bagong', assessed('2026-05-10', '2026-05-20')), ...closed('2026-06-03')]),
];

describe('statistics', () => {
  it('counts by town, status, category and month, with the overdue rate and time to closure', () => {
    const s = caseStats(cases, towns, [{ year: 2026, month: 4 }, { year: 2026, month: 5 }, { year: 2026, month: 6 }], at('2026-06-10'));
    expect(s).toMatchObject({ total: 6, open: 3, closed: 3, overdue: 2, withDeadline: 5 });
    // Late: closed after the deadline (2) + still open past it (2), of 5 with a deadline.
    expect(s.overdueRate).toBeCloseTo(4 / 5);
    expect(s.byTown.find((t) => t.townId === 'nancun')).toMatchObject({ total: 3, open: 1, closed: 2, overdue: 1 });
    expect(s.byCategory).toEqual([{ category: '煤气', count: 4 }, { category: '粉尘涉爆', count: 1 }, { category: '未分类', count: 1 }]);
    expect(s.byMonth).toEqual([{ month: '2026-04', reported: 1, closed: 0 }, { month: '2026-05', reported: 5, closed: 2 }, { month: '2026-06', reported: 0, closed: 1 }]);
    expect(s.bySeverity).toEqual({ general: 5, major: 0, unassessed: 1 });
    expect(s.medianDaysToClose).toBeCloseTo(16);
  });

  it('replays a case’s history to know its status at the end of a past month', () => {
    const c = cases[5]!;
    expect(statusAt(c, at('2026-05-09'))).toBeNull();
    expect(statusAt(c, at('2026-05-31'))).toBe('rectifying');
    expect(statusAt(c, at('2026-06-04'))).toBe('closed');
  });

  it('builds the monthly 通报 as of the month’s end and names the late towns, most overdue first', () => {
    const r = monthlyReport(cases, towns, { year: 2026, month: 5 }, at('2026-06-10'));
    expect(r.title).toBe('泽州县安全生产事故隐患排查治理情况通报（2026年5月）');
    expect(r.period).toBe('统计时间：2026年5月1日至2026年5月31日');
    expect(r.towns).toEqual([
      { name: '巴公镇', reported: 2, major: 0, closed: 0, open: 3, overdue: 2, avgDaysToClose: undefined },
      { name: '南村镇', reported: 3, major: 0, closed: 2, open: 1, overdue: 1, avgDaysToClose: expect.closeTo(11, 0) },
    ]);
    expect(r.total).toMatchObject({ reported: 5, closed: 2, overdue: 3 });
    expect(r.overdue.map((o) => [o.town, o.daysOverdue, o.status])).toEqual([['巴公镇', 31, '整改中'], ['巴公镇', 11, '整改中'], ['南村镇', 6, '整改中']]);
    expect(lateTownsText(r)).toMatch(/^截至2026年5月31日，巴公镇（2项）、南村镇（1项）存在逾期未整改的事故隐患，现予以通报。/);
  });

  it('escapes labels inside the SVG it draws', async () => {
    const svg = String(await horizontalBars('各镇', [{ label: '<script>x</script>', value: 3 }]));
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
  });
});
