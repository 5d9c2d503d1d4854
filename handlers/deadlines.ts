import { isCountyLevel, isOfficial } from '../domain/index.js';
import type { Outbound, PhotoRef } from '../domain/index.js';
import type { Ctx } from './context.js';
import type { DeadlinePort } from './deadline-port.js';
import { text, truncate } from './format.js';

const port = (ctx: Ctx): DeadlinePort | undefined => ctx.deps.deadlines;

/** `/deadlines`: what is due in the next 7 days and what is overdue, for my town (county: every town). */
export async function deadlinesOverview(ctx: Ctx): Promise<Outbound[]> {
  const d = port(ctx);
  if (!d || !isOfficial(ctx.actor)) return [text(ctx.t('error.FORBIDDEN'))];
  const townId = isCountyLevel(ctx.actor) ? undefined : ctx.actor.townId;
  const [upcoming, overdue] = await Promise.all([d.upcomingDeadlines({ townId, days: 7 }), d.overdueCases({ townId })]);
  const lines = [ctx.t('deadlines.upcomingTitle')];
  const soon = upcoming.cases.filter((c) => c.daysLeft >= 0);
  if (soon.length === 0 && upcoming.tasks.length === 0) lines.push(ctx.t('deadlines.none'));
  for (const c of soon.slice(0, 20)) lines.push(`· ${c.number} ${truncate(c.enterpriseName ?? '', 16)} ${ctx.t('deadlines.dueIn', { due: c.due, days: c.daysLeft })}`);
  for (const t of upcoming.tasks.slice(0, 10)) lines.push(`· ${ctx.t('deadlines.task')} ${truncate(t.task.title, 30)} ${ctx.t('deadlines.dueIn', { due: t.task.due, days: t.daysLeft })}`);
  lines.push('', ctx.t('deadlines.overdueTitle'));
  const total = overdue.reduce((n, g) => n + g.cases.length, 0);
  if (total === 0) lines.push(ctx.t('deadlines.none'));
  for (const g of overdue) {
    if (g.cases.length === 0) continue;
    lines.push(`【${g.townName}】${ctx.t('deadlines.count', { n: g.cases.length })}`);
    for (const c of g.cases.slice(0, 10)) {
      lines.push(`· ${c.number} ${ctx.t('deadlines.overdueBy', { due: c.due, days: -c.daysLeft })}${c.escalated ? ` ${ctx.t('deadlines.escalated')}` : ''}`);
    }
  }
  return [text(lines.join('\n'), [[{ label: ctx.t('menu.tasks'), value: 'm:tasks' }]])];
}

/** `/tasks`: the county's dated tasks for my town, with acknowledge / done buttons; the county sees late towns. */
export async function taskBoard(ctx: Ctx): Promise<Outbound[]> {
  const d = port(ctx);
  if (!d || !isOfficial(ctx.actor)) return [text(ctx.t('error.FORBIDDEN'))];
  if (isCountyLevel(ctx.actor)) {
    const late = await d.lateTowns();
    const lines = [ctx.t('tasks.lateTitle')];
    if (late.length === 0) lines.push(ctx.t('tasks.noneLate'));
    for (const s of late) {
      // A 通报 names both: towns still not done, and towns that finished after the due date.
      const open = s.towns.filter((t) => t.state !== 'done').map((t) => t.townName);
      const doneLate = s.towns.filter((t) => t.state === 'done').map((t) => t.townName);
      lines.push(`· ${truncate(s.task.title, 40)}（${s.task.due}）`);
      if (open.length) lines.push(`  ${ctx.t('tasks.notDone')}${open.join('、')}`);
      if (doneLate.length) lines.push(`  ${ctx.t('tasks.doneLate')}${doneLate.join('、')}`);
    }
    return [text(lines.join('\n'))];
  }
  const statuses = await d.townTaskStatus();
  const mine = statuses
    .map((s) => ({ task: s.task, me: s.towns.find((t) => t.townId === ctx.actor.townId) }))
    .filter((s) => s.me && s.me.state !== 'done');
  if (mine.length === 0) return [text(ctx.t('tasks.allDone'))];
  return mine.slice(0, 8).map(({ task, me }) =>
    text(
      `${task.title}\n${ctx.t('tasks.due', { due: task.due })} · ${ctx.t(`tasks.state.${me!.state === 'acknowledged' ? 'acknowledged' : 'open'}`)}${me!.late ? ` ${ctx.t('case.overdue')}` : ''}${task.attachmentRequired ? `\n${ctx.t('tasks.needsAttachment')}` : ''}`,
      [
        [
          ...(me!.state === 'acknowledged' ? [] : [{ label: ctx.t('tasks.ack'), value: `k:ack:${task.id}` }]),
          { label: ctx.t('tasks.done'), value: `k:done:${task.id}` },
        ],
      ],
    ),
  );
}

export async function taskChoice(ctx: Ctx, value: string): Promise<Outbound[]> {
  const d = port(ctx);
  if (!d) return [text(ctx.t('error.FORBIDDEN'))];
  const [, op, taskId = ''] = value.split(':');
  if (op === 'ack') return [text(resultText(ctx, await d.acknowledgeTask(ctx.actor, taskId), 'tasks.acknowledged'))];
  const task = (await d.townTaskStatus(taskId))[0]?.task;
  if (task?.attachmentRequired) {
    ctx.state.flow = { kind: 'task', taskId, step: 'attachment' };
    return [text(ctx.t('tasks.askAttachment'), [[{ label: ctx.t('common.cancel'), value: 'k:cancel' }]])];
  }
  return [text(resultText(ctx, await d.completeTask(ctx.actor, taskId, {}), 'tasks.completed'))];
}

/** The attachment a task asks for arrives as a photo (a scan or a screenshot of the ledger). */
export async function taskAttachment(ctx: Ctx, taskId: string, photo: PhotoRef | undefined): Promise<Outbound[]> {
  const d = port(ctx);
  if (!d || !photo) return [text(ctx.t('tasks.askAttachment'))];
  ctx.state.flow = undefined;
  return [text(resultText(ctx, await d.completeTask(ctx.actor, taskId, { attachment: { id: photo.id, mime: photo.mime } }), 'tasks.completed'))];
}

function resultText(ctx: Ctx, r: { changed: boolean; note?: string; late?: boolean }, key: 'tasks.acknowledged' | 'tasks.completed'): string {
  if (!r.changed) return ctx.t('tasks.already');
  return ctx.t(key) + (r.late ? ` ${ctx.t('tasks.lateNote')}` : '');
}

/** `/letter <case>`: the 督办函 draft of an escalated case, for a county official to send. */
export async function supervisionLetter(ctx: Ctx, caseId: string): Promise<Outbound[]> {
  const d = port(ctx);
  if (!d || !isCountyLevel(ctx.actor)) return [text(ctx.t('error.FORBIDDEN'))];
  return [text(await d.supervisionLetter(caseId))];
}
