import type { Case, CaseStatus } from '../../domain/index.js';
import { addDays, atShanghai, dayOf, daysBetween, outOfQuietHours } from '../time.js';
import { holidayName, isWorkingDay } from '../working-days.js';
import { selectRungs, type LadderConfig, type Rung } from './ladder.js';

/**
 * Statuses in which a rectification deadline runs: set by assess, kept until approval. A disputed
 * case returns to 'registered' still carrying its old deadline, which no longer binds anyone.
 */
export const deadlineStatuses: readonly CaseStatus[] = ['assessed', 'rectifying', 'review_requested'];

export const caseKeyPrefix = (caseId: string): string => `case:${caseId}:`;
export const caseRungKey = (caseId: string, rung: string): string => `${caseKeyPrefix(caseId)}${rung}`;
export const overdueRung = (n: number): string => `overdue-${n}`;

/** The overdue day count of an `overdue-N` rung. */
export const overdueDaysOf = (rung: string): number | undefined => {
  const m = /^overdue-(\d+)$/.exec(rung);
  return m ? Number(m[1]) : undefined;
};

const beforeDue = [
  ['t-3', -3],
  ['t-1', -1],
  ['due', 0],
] as const;

/** 重大隐患 reminders may break quiet hours. */
export const isUrgentCase = (c: Pick<Case, 'severity'>): boolean => c.severity === 'major';

export interface CasePlan {
  /** The deadline's Shanghai day, present while a deadline runs. */
  due?: string;
  rungs: Rung[];
  warnings: string[];
}

/** When the current deadline was set: the last assess, extend_deadline or approved 延期申请. */
function deadlineSetAt(c: Case): Date {
  const ev = c.history.findLast(
    (e) => e.action === 'assess' || e.action === 'extend_deadline' || (e.action === 'decide_extension' && e.rule === 'extension_approved'),
  );
  return ev?.at ?? c.createdAt;
}

export function dueDayWarnings(due: string): string[] {
  if (isWorkingDay(due)) return [];
  const name = holidayName(due);
  return [name ? `deadline ${due} falls on a public holiday (${name})` : `deadline ${due} falls on a weekend`];
}

/**
 * The reminder ladder of a case: T−3, T−1 and the due day at the reminder hour, then one overdue rung
 * at a time (each overdue send plans the next). Pure: the same case and instant give the same plan.
 */
export function planCase(c: Case, now: Date, cfg: LadderConfig): CasePlan {
  if (!c.deadline || !deadlineStatuses.includes(c.status)) return { rungs: [], warnings: [] };
  const due = dayOf(c.deadline);
  const at = (day: string) => atShanghai(day, cfg.reminderHour);
  const overdueSoFar = Math.max(0, daysBetween(due, dayOf(now)));
  const candidates: Rung[] = [
    ...beforeDue.map(([rung, offset]) => ({ key: caseRungKey(c.id, rung), rung, at: at(addDays(due, offset)) })),
    ...Array.from({ length: overdueSoFar + 1 }, (_, i) => {
      const rung = overdueRung(i + 1);
      return { key: caseRungKey(c.id, rung), rung, at: at(addDays(due, i + 1)) };
    }),
  ];
  const quiet = isUrgentCase(c) ? null : cfg.quietHours;
  const selected = selectRungs(candidates, now, deadlineSetAt(c), quiet);
  // Only the first overdue rung ahead is planned; running it plans the next.
  const firstOverdueAhead = selected.find((r) => r.at.getTime() > now.getTime() && overdueDaysOf(r.rung));
  const rungs = selected.filter((r) => !overdueDaysOf(r.rung) || r.at.getTime() <= now.getTime() || r === firstOverdueAhead);
  return { due, rungs, warnings: dueDayWarnings(due) };
}

/** The overdue rung after `n` overdue days, for the job that just sent rung n. */
export function nextOverdueRung(c: Case, due: string, n: number, cfg: LadderConfig): Rung {
  const rung = overdueRung(n + 1);
  const at = atShanghai(addDays(due, n + 1), cfg.reminderHour);
  return { key: caseRungKey(c.id, rung), rung, at: outOfQuietHours(at, isUrgentCase(c) ? null : cfg.quietHours) };
}
