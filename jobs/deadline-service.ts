import { DomainError, type Actor, type Case, type CaseFilter } from '../domain/index.js';
import type { AttachmentRef, TownTask } from '../domain/reminders.js';
import { CASE_REMINDER, isCaseReminder, planCaseReminders, plannedJobs, runCaseReminder } from './case-reminders.js';
import { createDelivery } from './delivery.js';
import type { DeadlineServiceDeps, JobHooks, JobsContext } from './deps.js';
import { deadlineStatuses } from './plan/case-ladder.js';
import type { Scheduler } from '../domain/scheduler.js';
import type { TaskInput } from './plan/task-plan.js';
import { sweepFilters } from './plan/sweep-window.js';
import { overdueCases, upcomingDeadlines, type CaseDeadline, type OverdueByTown, type TaskDeadline } from './queries.js';
import { supervisionLetter } from './supervision-letter.js';
import {
  acknowledgeTask,
  addTask,
  completeTask,
  isTaskReminder,
  lateTowns,
  planTaskReminders,
  runTaskReminder,
  syncTaskPlan,
  taskStatus,
  TASK_REMINDER,
  type TaskActionResult,
  type TaskStatus,
} from './task-board.js';

export const DAILY_SWEEP = 'daily-sweep';
const SWEEP_PAGE = 2_000;
/**
 * Rungs handed to the scheduler in one call: a sweep's are mostly all at once (37,154 rungs for 21,435 cases due
 * soon), a full re-plan's in a few calls, so that memory stays bounded.
 */
const SCHEDULE_BATCH = 50_000;
export interface DeadlineService {
  /** Call after every case transition: (re)plans or cancels its reminders; returns deadline warnings. */
  onCaseChanged(c: Case): Promise<{ planned: number; warnings: string[] }>;
  /** Re-plans every open case and task. */
  planAll(): Promise<{ cases: number; rungs: number; tasks: number }>;
  /**
   * Plans what may fire before the next daily sweep and was not planned yet (at start and daily, see
   * `sweepFilters`); tasks are all re-planned (a few dozen).
   */
  sweep(): Promise<{ cases: number; rungs: number; tasks: number }>;
  upcomingDeadlines(q: { townId?: string; days: number }): Promise<{ cases: CaseDeadline[]; tasks: TaskDeadline[] }>;
  overdueCases(q?: { townId?: string }): Promise<OverdueByTown[]>;
  townTaskStatus(taskId?: string): Promise<TaskStatus[]>;
  /** Tasks past due and the towns that missed them, as of the service clock. */
  lateTowns(): Promise<TaskStatus[]>;
  /** Stores the plan file's tasks (jobs/plan/2026.yaml) and plans their reminders. */
  syncTaskPlan(tasks: TownTask[]): Promise<void>;
  addTask(actor: Actor, input: TaskInput): Promise<TownTask>;
  acknowledgeTask(actor: Actor, taskId: string, townId?: string): Promise<TaskActionResult>;
  completeTask(actor: Actor, taskId: string, done: { townId?: string; attachment?: AttachmentRef; note?: string }): Promise<TaskActionResult>;
  /** The 督办函 draft of a case, as of now. */
  supervisionLetter(caseId: string): Promise<string>;
  /** The scheduler the service runs on, for other jobs that share it (notification flushes). */
  readonly scheduler: Scheduler;
  /** Who hears of an escalation besides the county chats (set once wired). */
  readonly hooks: JobHooks;
  /** Registers the daily sweep and starts the scheduler's worker. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createDeadlineService(deps: DeadlineServiceDeps): DeadlineService {
  const ctx: JobsContext = {
    ...deps,
    locale: deps.locale ?? 'zh-CN',
    delivery: createDelivery({
      log: deps.deliveries,
      chat: deps.chat,
      clock: deps.clock,
      staleClaimMs: deps.staleClaimMs,
      onOutcome: deps.onDelivery,
    }),
    hooks: {},
  };

  async function plan(filters: CaseFilter[], what: string) {
    let cases = 0;
    let rungs = 0;
    const seen = new Set<string>();
    // The rungs of many pages go to the scheduler together: most fall on the same few days, and a networked store
    // checks them with one read per day of their times. On FerretDB each such read decodes all of that day's jobs:
    // at 100,000 open cases, 11 pages of 2,000 re-reading the same 6 days (one of 18,577 jobs) took 40 s, 6 reads 4 s.
    let jobs: ReturnType<typeof plannedJobs> = [];
    const flush = async () => {
      await ctx.scheduler.scheduleMany(jobs);
      rungs += jobs.length;
      jobs = [];
    };
    for (const filter of filters) {
      for await (const page of ctx.cases.scan(filter, SWEEP_PAGE)) {
        const fresh = page.filter((c) => !seen.has(c.id));
        fresh.forEach((c) => seen.add(c.id));
        cases += fresh.length;
        jobs.push(...fresh.flatMap((c) => plannedJobs(ctx, c)));
        if (jobs.length >= SCHEDULE_BATCH) await flush();
      }
    }
    if (jobs.length > 0) await flush();
    const tasks = await ctx.tasks.listTasks();
    for (const t of tasks) rungs += await planTaskReminders(ctx, t);
    ctx.logger.info({ cases, rungs, tasks: tasks.length }, what);
    return { cases, rungs, tasks: tasks.length };
  }

  const planAll = () => plan([{ status: [...deadlineStatuses] }], 'deadlines re-planned');

  /**
   * A sweep looks only at what changed since the last one finished, by any process (the scheduler keeps that mark
   * beside the jobs: a schedule that was lost has no mark, and the sweep then plans everything due soon).
   */
  async function sweep() {
    const now = ctx.clock.now();
    const result = await plan(sweepFilters(now, await ctx.scheduler.lastDone(DAILY_SWEEP)), 'deadlines swept');
    await ctx.scheduler.markDone(DAILY_SWEEP, now);
    return result;
  }

  const invalidPayload = (kind: string) => new DomainError('INVALID_INPUT', `malformed ${kind} job`);
  deps.scheduler.handle(CASE_REMINDER, async ({ payload }) => {
    if (!isCaseReminder(payload)) throw invalidPayload(CASE_REMINDER);
    await runCaseReminder(ctx, payload);
  });
  deps.scheduler.handle(TASK_REMINDER, async ({ payload }) => {
    if (!isTaskReminder(payload)) throw invalidPayload(TASK_REMINDER);
    await runTaskReminder(ctx, payload);
  });
  deps.scheduler.handle(DAILY_SWEEP, async () => void (await sweep()));

  return {
    scheduler: deps.scheduler,
    hooks: ctx.hooks,
    onCaseChanged: (c) => planCaseReminders(ctx, c),
    planAll,
    sweep,
    upcomingDeadlines: (q) => upcomingDeadlines(ctx, q),
    overdueCases: (q = {}) => overdueCases(ctx, q),
    townTaskStatus: (taskId) => taskStatus(ctx, taskId),
    lateTowns: () => lateTowns(ctx),
    syncTaskPlan: (tasks) => syncTaskPlan(ctx, tasks),
    addTask: (actor, input) => addTask(ctx, actor, input),
    acknowledgeTask: (actor, taskId, townId) => acknowledgeTask(ctx, actor, taskId, townId),
    completeTask: (actor, taskId, done) => completeTask(ctx, actor, taskId, done),
    async supervisionLetter(caseId) {
      const c = await ctx.cases.get(caseId);
      if (!c) throw new DomainError('NOT_FOUND', `no case ${caseId}`);
      const town = c.townId ? await ctx.towns.get(c.townId) : null;
      return supervisionLetter({ case: c, townName: town?.name, now: ctx.clock.now() });
    },
    async start() {
      // Just before the reminder hour, so that a day's rungs are in place when it strikes.
      const hour = (deps.config.reminderHour + 23) % 24;
      await deps.scheduler.daily('sweep:deadlines', { hour, minute: 30 }, { kind: DAILY_SWEEP });
      await deps.scheduler.start();
    },
    close: () => deps.scheduler.close(),
  };
}
