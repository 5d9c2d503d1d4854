import { openStatuses } from '../../domain/index.js';
import type { Case, CaseStatus, Town } from '../../domain/index.js';
import { truncate } from '../../handlers/format.js';
import { cnDay, day, daysBetween, monthRange, type Month } from '../dates.js';
import { severityLabel, statusLabel } from '../labels.js';

export interface MonthlyTownRow {
  name: string;
  reported: number;
  major: number;
  closed: number;
  open: number;
  overdue: number;
  avgDaysToClose: number | undefined;
}

export interface OverdueItem {
  number: string;
  town: string;
  enterprise: string;
  description: string;
  severity: string;
  deadline: string;
  daysOverdue: number;
  status: string;
}

export interface MonthlyReport {
  title: string;
  period: string;
  asOf: Date;
  towns: MonthlyTownRow[];
  /** Cases with no town yet (tips and alerts in the county duty queue); absent when there are none to count. */
  unassigned?: MonthlyTownRow;
  /** Every case, with a town or not. */
  total: MonthlyTownRow;
  /** 举报 (every channel) and AI 预警 reported in the month, with and without a town. */
  intake: { tips: number; tipsWithoutTown: number; aiAlerts: number };
  overdue: OverdueItem[];
  lateTowns: { name: string; overdue: number }[];
}

/** The status a case had at instant `t`, replayed from its history; null before it was reported. */
export function statusAt(c: Case, t: Date): CaseStatus | null {
  let s: CaseStatus | null = null;
  for (const e of c.history) if (e.at <= t) s = e.to;
  return s;
}

// A deadline exists from assessment on: only these statuses can be overdue at a past instant.
const deadlineStatuses: readonly CaseStatus[] = ['assessed', 'rectifying', 'review_requested'];

/**
 * The county's monthly 通报 as of the month's end (or now, for the running month): per town what was reported
 * and closed in the month, what stays open and overdue; the overdue list; and the towns named for lateness.
 * Overdue uses each case's current deadline (an extension replaces it).
 */
export function monthlyReport(cases: Case[], towns: Town[], m: Month, now: Date): MonthlyReport {
  const { start, end } = monthRange(m);
  const asOf = end < now ? new Date(end.getTime() - 1) : now;
  const inMonth = (d: Date | undefined) => !!d && d >= start && d < end;
  const closedIn = (c: Case) => c.history.some((e) => e.action === 'approve' && inMonth(e.at)) && statusAt(c, asOf) === 'closed';
  const openAt = (c: Case) => openStatuses.includes(statusAt(c, asOf) as CaseStatus);
  const overdueAt = (c: Case) => deadlineStatuses.includes(statusAt(c, asOf) as CaseStatus) && !!c.deadline && c.deadline < asOf;

  const row = (name: string, own: Case[]): MonthlyTownRow => {
    const closed = own.filter(closedIn);
    const durations = closed.map((c) => daysBetween(c.createdAt, c.closedAt ?? asOf));
    return {
      name,
      reported: own.filter((c) => inMonth(c.createdAt)).length,
      major: own.filter((c) => inMonth(c.createdAt) && c.severity === 'major').length,
      closed: closed.length,
      open: own.filter(openAt).length,
      overdue: own.filter(overdueAt).length,
      avgDaysToClose: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : undefined,
    };
  };
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const overdueCases = cases.filter(overdueAt).sort((a, b) => a.deadline!.getTime() - b.deadline!.getTime());
  const townRows = towns.map((t) => row(t.name, cases.filter((c) => c.townId === t.id)));
  // A tip nobody has placed yet still counts: the county duty queue is a row of its own.
  const known = new Set(towns.map((t) => t.id));
  const unassigned = row('未定属地（县局待指派）', cases.filter((c) => !c.townId || !known.has(c.townId)));

  return {
    title: `泽州县安全生产事故隐患排查治理情况通报（${m.year}年${m.month}月）`,
    period: `统计时间：${cnDay(start)}至${cnDay(new Date(end.getTime() - 1))}${asOf < new Date(end.getTime() - 1) ? `（截至${cnDay(asOf)}）` : ''}`,
    asOf,
    towns: townRows,
    ...(unassigned.reported + unassigned.open + unassigned.closed > 0 && { unassigned }),
    total: row('合计', cases),
    intake: {
      tips: cases.filter((c) => c.source === 'anonymous_tip' && inMonth(c.createdAt)).length,
      tipsWithoutTown: cases.filter((c) => c.source === 'anonymous_tip' && inMonth(c.createdAt) && !c.townId).length,
      aiAlerts: cases.filter((c) => c.source === 'ai_alert' && inMonth(c.createdAt)).length,
    },
    overdue: overdueCases.map((c) => ({
      number: c.number,
      town: c.townId ? (townName.get(c.townId) ?? c.townId) : '待指派',
      enterprise: c.enterpriseName ?? '',
      description: truncate(c.description, 80),
      severity: c.severity ? severityLabel(c.severity) : '',
      deadline: day(c.deadline),
      daysOverdue: Math.floor(daysBetween(c.deadline!, asOf)),
      status: statusLabel(statusAt(c, asOf) ?? c.status),
    })),
    lateTowns: townRows
      .filter((r) => r.overdue > 0)
      .sort((a, b) => b.overdue - a.overdue)
      .map((r) => ({ name: r.name, overdue: r.overdue })),
  };
}

/** The paragraph that names the late towns, in the register of a county 通报. */
export function lateTownsText(r: MonthlyReport): string {
  if (r.lateTowns.length === 0) return `截至${cnDay(r.asOf)}，各镇（乡）均无逾期未整改的事故隐患。`;
  const names = r.lateTowns.map((t) => `${t.name}（${t.overdue}项）`).join('、');
  return `截至${cnDay(r.asOf)}，${names}存在逾期未整改的事故隐患，现予以通报。请相关镇（乡）应急管理中心督促企业立即整改到位，并于5个工作日内将逾期原因及整改情况书面报送县应急管理局。`;
}
