import { caseStatuses, openStatuses, severities } from '../../domain/index.js';
import type { Case, CaseStatus, Severity, Town } from '../../domain/index.js';
import { daysBetween, monthKey, monthOf, type Month } from '../dates.js';

export interface TownRow {
  townId: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  overdue: number;
  major: number;
}

export interface CaseStats {
  total: number;
  open: number;
  closed: number;
  /** Open now and past the deadline. */
  overdue: number;
  /** Of the cases given a deadline: overdue now, or closed after their deadline. */
  overdueRate: number | undefined;
  withDeadline: number;
  avgDaysToClose: number | undefined;
  medianDaysToClose: number | undefined;
  byTown: TownRow[];
  byStatus: Record<CaseStatus, number>;
  bySeverity: Record<Severity | 'unassessed', number>;
  byCategory: { category: string; count: number }[];
  byMonth: { month: string; reported: number; closed: number }[];
}

const isOpen = (c: Case) => openStatuses.includes(c.status);
const overdueNow = (c: Case, now: Date) => isOpen(c) && !!c.deadline && c.deadline < now;
const late = (c: Case, now: Date) => overdueNow(c, now) || (!!c.closedAt && !!c.deadline && c.closedAt > c.deadline);

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Everything the statistics page shows, from the cases reported in the chosen period (`months`, oldest first). */
export function caseStats(cases: Case[], towns: Town[], months: Month[], now: Date): CaseStats {
  const closed = cases.filter((c) => c.status === 'closed' && c.closedAt);
  const closeDays = closed.map((c) => daysBetween(c.createdAt, c.closedAt!));
  const withDeadline = cases.filter((c) => c.deadline);

  const byTown = towns.map((t): TownRow => {
    const own = cases.filter((c) => c.townId === t.id);
    return {
      townId: t.id,
      name: t.name,
      total: own.length,
      open: own.filter(isOpen).length,
      closed: own.filter((c) => c.status === 'closed').length,
      overdue: own.filter((c) => overdueNow(c, now)).length,
      major: own.filter((c) => c.severity === 'major').length,
    };
  });

  const byStatus = Object.fromEntries(caseStatuses.map((s) => [s, cases.filter((c) => c.status === s).length])) as Record<CaseStatus, number>;
  const bySeverity = {
    ...(Object.fromEntries(severities.map((s) => [s, cases.filter((c) => c.severity === s).length])) as Record<Severity, number>),
    unassessed: cases.filter((c) => !c.severity).length,
  };
  const categories = new Map<string, number>();
  for (const c of cases) categories.set(c.category ?? '未分类', (categories.get(c.category ?? '未分类') ?? 0) + 1);

  // Every month of the period has a column, empty ones included; closures after the period are left out.
  const perMonth = new Map(months.map((m) => [monthKey(m), { reported: 0, closed: 0 }]));
  const bump = (d: Date, k: 'reported' | 'closed') => {
    const m = perMonth.get(monthKey(monthOf(d)));
    if (m) m[k]++;
  };
  for (const c of cases) bump(c.createdAt, 'reported');
  for (const c of closed) bump(c.closedAt!, 'closed');

  return {
    total: cases.length,
    open: cases.filter(isOpen).length,
    closed: closed.length,
    overdue: cases.filter((c) => overdueNow(c, now)).length,
    overdueRate: withDeadline.length ? withDeadline.filter((c) => late(c, now)).length / withDeadline.length : undefined,
    withDeadline: withDeadline.length,
    avgDaysToClose: closeDays.length ? closeDays.reduce((a, b) => a + b, 0) / closeDays.length : undefined,
    medianDaysToClose: median(closeDays),
    byTown,
    byStatus,
    bySeverity,
    byCategory: [...categories].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
    byMonth: [...perMonth].map(([month, v]) => ({ month, ...v })),
  };
}

export const percent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const days = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(1));
