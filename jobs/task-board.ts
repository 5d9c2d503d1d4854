import { DomainError, isCountyLevel, type Actor } from '../domain/index.js';
import type { AttachmentRef, TaskProgress, TownTask } from '../domain/reminders.js';
import type { JobPayload } from '../domain/scheduler.js';
import { rethrowFirst } from './delivery.js';
import { townChats, type JobsContext } from './deps.js';
import { lateTownsReport, taskReminder } from './messages.js';
import { planTask, taskKeyPrefix } from './plan/task-ladder.js';
import { taskFromInput, type TaskInput } from './plan/task-plan.js';
import { dayOf, daysBetween, endOfDay } from './time.js';

export const TASK_REMINDER = 'task-reminder';

interface TaskReminderPayload extends JobPayload {
  kind: typeof TASK_REMINDER;
  taskId: string;
  rung: string;
  due: string;
}

export const isTaskReminder = (p: JobPayload): p is TaskReminderPayload =>
  p.kind === TASK_REMINDER && typeof p.taskId === 'string' && typeof p.rung === 'string' && typeof p.due === 'string';

export type TownTaskState = 'pending' | 'acknowledged' | 'done';

export interface TownTaskStatus {
  townId: string;
  townName: string;
  state: TownTaskState;
  /** Not done by the end of the due day (whether done later or not at all). */
  late: boolean;
  acknowledgedAt?: Date;
  doneAt?: Date;
  attachment?: AttachmentRef;
}

export interface TaskStatus {
  task: TownTask;
  towns: TownTaskStatus[];
}

export interface TaskActionResult {
  changed: boolean;
  /** Why nothing changed (a repeat), in words a chat reply can show. */
  note?: string;
  late?: boolean;
}

export async function planTaskReminders(ctx: JobsContext, t: TownTask): Promise<number> {
  const rungs = planTask(t, ctx.clock.now(), ctx.config);
  for (const r of rungs) {
    const payload: TaskReminderPayload = { kind: TASK_REMINDER, taskId: t.id, rung: r.rung, due: t.due };
    await ctx.scheduler.schedule(r.key, r.at, payload);
  }
  return rungs.length;
}

/** Stores the plan file's tasks (keeping when each was first stored) and plans their reminders. */
export async function syncTaskPlan(ctx: JobsContext, tasks: TownTask[]): Promise<void> {
  for (const t of tasks) {
    const existing = await ctx.tasks.getTask(t.id);
    if (existing && existing.due !== t.due) await ctx.scheduler.cancelPrefix(taskKeyPrefix(t.id));
    const stored = { ...t, createdAt: existing?.createdAt ?? t.createdAt };
    await ctx.tasks.upsertTask(stored);
    await planTaskReminders(ctx, stored);
  }
}

export async function addTask(ctx: JobsContext, actor: Actor, input: TaskInput): Promise<TownTask> {
  if (!isCountyLevel(actor)) throw new DomainError('FORBIDDEN', 'only the county bureau sets town tasks');
  const townIds = (await ctx.towns.list()).map((t) => t.id);
  const task = taskFromInput(input, townIds, actor.id, ctx.clock.now());
  if (await ctx.tasks.getTask(task.id)) throw new DomainError('DUPLICATE', `task ${task.id} exists`);
  await ctx.tasks.upsertTask(task);
  await planTaskReminders(ctx, task);
  return task;
}

async function taskForTown(ctx: JobsContext, actor: Actor, taskId: string, townId?: string) {
  const town = townId ?? actor.townId;
  if (!town) throw new DomainError('TOWN_REQUIRED', 'which town is acting?');
  if (!isCountyLevel(actor) && (actor.role !== 'town_official' || actor.townId !== town)) {
    throw new DomainError('WRONG_TOWN', 'a town official acts for their own town only');
  }
  const task = await ctx.tasks.getTask(taskId);
  if (!task) throw new DomainError('NOT_FOUND', `no task ${taskId}`);
  if (!task.townIds.includes(town)) throw new DomainError('INVALID_INPUT', `task ${taskId} is not assigned to ${town}`);
  return { task, town };
}

const findProgress = async (ctx: JobsContext, taskId: string, townId: string): Promise<TaskProgress | undefined> =>
  (await ctx.tasks.progress(taskId)).find((p) => p.townId === townId);

export async function acknowledgeTask(ctx: JobsContext, actor: Actor, taskId: string, townId?: string): Promise<TaskActionResult> {
  const { task, town } = await taskForTown(ctx, actor, taskId, townId);
  if (await ctx.tasks.acknowledge(task.id, town, actor.id, ctx.clock.now())) return { changed: true };
  const p = await findProgress(ctx, task.id, town);
  return { changed: false, note: `already acknowledged on ${p?.acknowledgedAt ? dayOf(p.acknowledgedAt) : '?'}` };
}

export async function completeTask(
  ctx: JobsContext,
  actor: Actor,
  taskId: string,
  done: { townId?: string; attachment?: AttachmentRef; note?: string },
): Promise<TaskActionResult> {
  const { task, town } = await taskForTown(ctx, actor, taskId, done.townId);
  if (task.attachmentRequired && !done.attachment) {
    throw new DomainError('INVALID_INPUT', `task ${task.id} needs an attachment (台账/报告) to be marked done`, { field: 'attachment' });
  }
  const now = ctx.clock.now();
  const changed = await ctx.tasks.markDone(task.id, town, { by: actor.id, at: now, attachment: done.attachment, note: done.note });
  if (changed) return { changed, late: now.getTime() > endOfDay(task.due).getTime() };
  const p = await findProgress(ctx, task.id, town);
  return { changed: false, note: `already done on ${p?.doneAt ? dayOf(p.doneAt) : '?'}` };
}

export async function taskStatus(ctx: JobsContext, taskId?: string): Promise<TaskStatus[]> {
  const tasks = taskId ? [await ctx.tasks.getTask(taskId)].filter((t): t is TownTask => !!t) : await ctx.tasks.listTasks();
  if (taskId && tasks.length === 0) throw new DomainError('NOT_FOUND', `no task ${taskId}`);
  const names = new Map((await ctx.towns.list()).map((t) => [t.id, t.name]));
  const progress = await ctx.tasks.progress(taskId);
  const now = ctx.clock.now().getTime();
  return tasks.map((task) => {
    const deadline = endOfDay(task.due).getTime();
    return {
      task,
      towns: task.townIds.map((townId): TownTaskStatus => {
        const p = progress.find((x) => x.taskId === task.id && x.townId === townId);
        const doneBy = p?.doneAt?.getTime();
        return {
          townId,
          townName: names.get(townId) ?? townId,
          state: p?.doneAt ? 'done' : p?.acknowledgedAt ? 'acknowledged' : 'pending',
          late: doneBy === undefined ? now > deadline : doneBy > deadline,
          acknowledgedAt: p?.acknowledgedAt,
          doneAt: p?.doneAt,
          attachment: p?.attachment,
        };
      }),
    };
  });
}

/** Tasks past due with the towns that missed them: the material of the county's 通报. */
export async function lateTowns(ctx: JobsContext): Promise<TaskStatus[]> {
  const now = ctx.clock.now().getTime();
  return (await taskStatus(ctx))
    .filter((s) => endOfDay(s.task.due).getTime() < now)
    .map((s) => ({ ...s, towns: s.towns.filter((t) => t.late) }))
    .filter((s) => s.towns.length > 0);
}

export async function runTaskReminder(ctx: JobsContext, p: TaskReminderPayload): Promise<void> {
  const task = await ctx.tasks.getTask(p.taskId);
  if (!task || task.due !== p.due) return;
  const [status] = await taskStatus(ctx, task.id);
  const open = (status?.towns ?? []).filter((t) => t.state !== 'done');
  const daysLeft = daysBetween(dayOf(ctx.clock.now()), task.due);
  const failures: unknown[] = [];
  const send = (promise: Promise<unknown>) => promise.catch((e: unknown) => void failures.push(e));
  for (const town of open) {
    const text = taskReminder(ctx.locale, {
      title: task.title,
      due: task.due,
      daysLeft,
      townName: town.townName,
      attachmentRequired: task.attachmentRequired,
    });
    const chats = await townChats(ctx, town.townId);
    await send(ctx.delivery.deliverAll(chats, `task:${task.id}:${town.townId}`, `${p.rung}@${p.due}`, [{ kind: 'text', text }]));
    if (ctx.hooks.taskReminder) await send(ctx.hooks.taskReminder(task, town.townId, { rung: p.rung, due: p.due }, text));
  }
  if (p.rung === 'late' && open.length > 0 && ctx.config.countyChats.length > 0) {
    const text = lateTownsReport(ctx.locale, { title: task.title, due: task.due, towns: open.map((t) => t.townName) });
    await send(ctx.delivery.deliverAll(ctx.config.countyChats, `task:${task.id}`, `late@${p.due}`, [{ kind: 'text', text }]));
  }
  rethrowFirst(failures);
}
