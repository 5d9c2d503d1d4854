import { applyCommand, isDomainError, isOverdue, type Actor, type Case, type Outbound } from '../domain/index.js';
import type { JobPayload } from '../domain/scheduler.js';
import { rethrowFirst } from './delivery.js';
import type { JobsContext } from './deps.js';
import { caseReminder, escalationNotice, openCaseLabel } from './messages.js';
import {
  caseKeyPrefix,
  caseRungKey,
  deadlineStatuses,
  isUrgentCase,
  nextOverdueRung,
  overdueDaysOf,
  planCase,
} from './plan/case-ladder.js';
import type { Rung } from './plan/ladder.js';
import { supervisionLetter } from './supervision-letter.js';
import { dayOf, daysBetween } from './time.js';

export const CASE_REMINDER = 'case-reminder';
const SYSTEM: Actor = { id: 'system', role: 'admin', name: '系统' };

interface CaseReminderPayload extends JobPayload {
  kind: typeof CASE_REMINDER;
  caseId: string;
  rung: string;
  /** The deadline day the rung belongs to: a later deadline makes this job stale. */
  due: string;
}

const payloadOf = (c: Case, due: string, r: Rung): CaseReminderPayload => ({
  kind: CASE_REMINDER,
  caseId: c.id,
  rung: r.rung,
  due,
});

/** (Re)plans a case's ladder after any change; cancels it once no deadline runs. */
export async function planCaseReminders(ctx: JobsContext, c: Case): Promise<{ planned: number; warnings: string[] }> {
  const plan = planCase(c, ctx.clock.now(), ctx.config);
  if (!plan.due) {
    await ctx.scheduler.cancelPrefix(caseKeyPrefix(c.id));
    return { planned: 0, warnings: [] };
  }
  const keep = new Set(plan.rungs.map((r) => r.key));
  for (const rung of ['t-3', 't-1', 'due']) if (!keep.has(caseRungKey(c.id, rung))) await ctx.scheduler.cancel(caseRungKey(c.id, rung));
  await ctx.scheduler.cancelPrefix(caseRungKey(c.id, 'overdue-'));
  for (const r of plan.rungs) await ctx.scheduler.schedule(r.key, r.at, payloadOf(c, plan.due, r));
  if (plan.warnings.length) ctx.logger.warn({ caseId: c.id, warnings: plan.warnings }, 'deadline warning');
  return { planned: plan.rungs.length, warnings: plan.warnings };
}

/** The sweep's variant: the jobs the plan holds, to schedule; nothing is cancelled (stale jobs no-op when they run). */
export function plannedJobs(ctx: JobsContext, c: Case): Array<{ key: string; at: Date; payload: CaseReminderPayload }> {
  const plan = planCase(c, ctx.clock.now(), ctx.config);
  const due = plan.due;
  return due ? plan.rungs.map((r) => ({ key: r.key, at: r.at, payload: payloadOf(c, due, r) })) : [];
}

async function caseTargets(ctx: JobsContext, c: Case): Promise<string[]> {
  const assignee = c.assigneeId && !ctx.hooks.caseReminder ? await ctx.identities.chatsOf(c.assigneeId) : [];
  const town = c.townId ? await ctx.towns.get(c.townId) : null;
  return [...new Set([...assignee, ...(town?.groupChats ?? [])])];
}

/** Marks the case escalated (once) and sends the 督办 notice with a 督办函 draft to the county chats. */
async function escalate(ctx: JobsContext, c: Case, due: string, daysOverdue: number): Promise<void> {
  let current = c;
  if (!current.escalatedAt) {
    const escalated = applyCommand(current, { action: 'escalate' }, SYSTEM, ctx.clock.now());
    // The history names the rule, not a sentence: each reader sees it in their own language.
    const named = <T extends { actorRole: string }>(x: T, i: number, all: T[]): T => (i === all.length - 1 ? { ...x, actorRole: 'system', rule: `overdue_${daysOverdue}d` } : x);
    // The step's 监管层级 change (乡镇 → 县级), if it made one, names the same actor and rule.
    const moved = (escalated.levelHistory?.length ?? 0) > (current.levelHistory?.length ?? 0);
    const next = { ...escalated, history: escalated.history.map(named), ...(moved && { levelHistory: escalated.levelHistory!.map(named) }) };
    try {
      current = await ctx.cases.update(next);
    } catch (e) {
      // Someone changed the case meanwhile: retry the job on the fresh case rather than give up.
      if (isDomainError(e, 'VERSION_CONFLICT')) throw new Error(`case ${c.number} changed during escalation`, { cause: e });
      throw e;
    }
    ctx.logger.info({ caseId: c.id, daysOverdue }, 'case escalated');
    await ctx.hooks.escalated?.(current, daysOverdue);
  }
  if (ctx.config.countyChats.length === 0) return;
  const town = current.townId ? await ctx.towns.get(current.townId) : null;
  const notice = escalationNotice(ctx.locale, {
    number: current.number,
    townName: town?.name,
    enterprise: current.enterpriseName,
    due,
    daysOverdue,
  });
  const letter = supervisionLetter({ case: current, townName: town?.name, now: ctx.clock.now() });
  await ctx.delivery.deliverAll(ctx.config.countyChats, `case:${current.id}`, `escalate@${due}`, [
    { kind: 'text', text: notice },
    { kind: 'text', text: letter },
  ]);
}

export async function runCaseReminder(ctx: JobsContext, p: CaseReminderPayload): Promise<void> {
  const c = await ctx.cases.get(p.caseId);
  if (!c?.deadline || !deadlineStatuses.includes(c.status) || dayOf(c.deadline) !== p.due) return;
  const now = ctx.clock.now();
  const overdueDays = overdueDaysOf(p.rung);
  if (overdueDays !== undefined) {
    if (!isOverdue(c, now)) return;
    // Plan tomorrow's rung first: a failed send below must not end the chain.
    const next = nextOverdueRung(c, p.due, overdueDays, ctx.config);
    await ctx.scheduler.schedule(next.key, next.at, payloadOf(c, p.due, next));
  }
  const text = caseReminder(ctx.locale, {
    number: c.number,
    enterprise: c.enterpriseName,
    description: c.description,
    due: p.due,
    daysLeft: daysBetween(dayOf(now), p.due),
    major: isUrgentCase(c),
  });
  const message: Outbound = { kind: 'text', text, choices: [[{ label: openCaseLabel(ctx.locale), value: `c:${c.number}` }]] };
  const targets = await caseTargets(ctx, c);
  if (targets.length === 0 && !ctx.hooks.caseReminder) ctx.logger.warn({ caseId: c.id }, 'no chat to remind');
  const groups = ctx.delivery.deliverAll(targets, `case:${c.id}`, `${p.rung}@${p.due}`, [message]);
  const sends = Promise.all([groups, ctx.hooks.caseReminder?.(c, { rung: p.rung, due: p.due }, text)]);
  const escalation =
    overdueDays !== undefined && overdueDays >= ctx.config.escalateAfterDays ? escalate(ctx, c, p.due, overdueDays) : undefined;
  // Both run to the end before either failure retries the job (sent parts are then skipped).
  const results = await Promise.allSettled([sends, escalation]);
  rethrowFirst(results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])));
}

export const isCaseReminder = (p: JobPayload): p is CaseReminderPayload =>
  p.kind === CASE_REMINDER && typeof p.caseId === 'string' && typeof p.rung === 'string' && typeof p.due === 'string';
