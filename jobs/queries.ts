import type { Case, CaseFilter } from '../domain/index.js';
import type { TownTask } from '../domain/reminders.js';
import type { JobsContext } from './deps.js';
import { deadlineStatuses } from './plan/case-ladder.js';
import { taskStatus } from './task-board.js';
import { dayOf, daysBetween } from './time.js';

export interface CaseDeadline {
  caseId: string;
  number: string;
  townId?: string;
  enterpriseName?: string;
  severity?: Case['severity'];
  deadline: Date;
  /** Shanghai calendar day of the deadline. */
  due: string;
  /** Days from today to the due day; negative when overdue. */
  daysLeft: number;
  escalated: boolean;
}

export interface TaskDeadline {
  task: TownTask;
  daysLeft: number;
  /** Towns (of the asked town, if one) not done yet. */
  openTownIds: string[];
}

export interface OverdueByTown {
  townId: string;
  townName: string;
  cases: CaseDeadline[];
}

/** Every case matching, one by one, in no particular order (callers sort what they show). */
export async function* allCases(ctx: JobsContext, filter: CaseFilter): AsyncGenerator<Case> {
  for await (const batch of ctx.cases.scan(filter)) yield* batch;
}

const toDeadline = (c: Case & { deadline: Date }, today: string): CaseDeadline => ({
  caseId: c.id,
  number: c.number,
  townId: c.townId,
  enterpriseName: c.enterpriseName,
  severity: c.severity,
  deadline: c.deadline,
  due: dayOf(c.deadline),
  daysLeft: daysBetween(today, dayOf(c.deadline)),
  escalated: c.escalatedAt !== undefined,
});

const byDeadline = (a: CaseDeadline, b: CaseDeadline) => a.deadline.getTime() - b.deadline.getTime();

/** Case deadlines and town tasks due from now to `days` days ahead, soonest first. */
export async function upcomingDeadlines(
  ctx: JobsContext,
  q: { townId?: string; days: number },
): Promise<{ cases: CaseDeadline[]; tasks: TaskDeadline[] }> {
  const now = ctx.clock.now();
  const today = dayOf(now);
  const until = now.getTime() + q.days * 86_400_000;
  const cases: CaseDeadline[] = [];
  // Only the window shown is read (status + deadline index); `until` itself is included.
  const window = { townId: q.townId, status: [...deadlineStatuses], deadlineFrom: now, deadlineTo: new Date(until + 1) };
  for await (const c of allCases(ctx, window)) if (c.deadline) cases.push(toDeadline({ ...c, deadline: c.deadline }, today));
  const lastDay = dayOf(new Date(until));
  const tasks = (await taskStatus(ctx))
    .filter((s) => s.task.due >= today && s.task.due <= lastDay)
    .map((s) => ({
      task: s.task,
      daysLeft: daysBetween(today, s.task.due),
      openTownIds: s.towns.filter((t) => t.state !== 'done' && (!q.townId || t.townId === q.townId)).map((t) => t.townId),
    }))
    .filter((t) => !q.townId || t.task.townIds.includes(q.townId));
  return { cases: cases.sort(byDeadline), tasks };
}

/** Overdue open cases grouped per town (the county's view; a town official passes their town). */
export async function overdueCases(ctx: JobsContext, q: { townId?: string }): Promise<OverdueByTown[]> {
  const now = ctx.clock.now();
  const today = dayOf(now);
  const names = new Map((await ctx.towns.list()).map((t) => [t.id, t.name]));
  const groups = new Map<string, CaseDeadline[]>();
  for await (const c of allCases(ctx, { townId: q.townId, status: [...deadlineStatuses], overdueAt: now })) {
    if (!c.deadline || c.deadline.getTime() >= now.getTime()) continue;
    const townId = c.townId ?? '';
    groups.set(townId, [...(groups.get(townId) ?? []), toDeadline({ ...c, deadline: c.deadline }, today)]);
  }
  return [...groups.entries()]
    .map(([townId, cases]) => ({ townId, townName: names.get(townId) ?? townId, cases: cases.sort(byDeadline) }))
    .sort((a, b) => b.cases.length - a.cases.length || a.townId.localeCompare(b.townId));
}
