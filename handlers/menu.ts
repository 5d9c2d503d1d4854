import { isCountyLevel, isOfficial } from '../domain/index.js';
import type { Outbound } from '../domain/index.js';
import type { Ctx } from './context.js';
import { text } from './format.js';

export function menu(ctx: Ctx, greeting = false): Outbound[] {
  const { t } = ctx;
  const rows = [[{ label: t('menu.report'), value: 'm:report' }], [{ label: t('menu.cases'), value: 'm:cases' }]];
  if (ctx.deps.tips) rows.push([{ label: t('menu.tip'), value: 'm:tip' }]);
  if (isOfficial(ctx.actor) && ctx.deps.deadlines) {
    rows.push([{ label: t('menu.deadlines'), value: 'm:deadlines' }, { label: t('menu.tasks'), value: 'm:tasks' }]);
  }
  if (ctx.deps.expertLoops && (isOfficial(ctx.actor) || ctx.actor.role === 'expert' || ctx.actor.role === 'enterprise')) rows.push([{ label: t('menu.service'), value: 'm:service' }]);
  if (ctx.deps.knowledge) rows.push([{ label: t('menu.ask'), value: 'm:ask' }, { label: t('menu.handbook'), value: 'm:handbook' }]);
  rows.push([{ label: t('menu.lang'), value: 'm:lang' }, { label: t('menu.help'), value: 'm:help' }]);
  const who = isOfficial(ctx.actor) ? t('menu.asOfficial', { name: ctx.actor.name ?? '' }) : t('menu.asWorker');
  return [text(`${greeting ? `${t('menu.welcome')}\n` : ''}${who}\n${t('menu.prompt')}`, rows)];
}

export function help(ctx: Ctx): Outbound[] {
  const lines = [ctx.t('help.intro'), ctx.t('help.report'), ctx.t('help.cases'), ctx.t('help.case')];
  if (ctx.deps.knowledge) lines.push(ctx.t('help.ask'), ctx.t('help.handbook'));
  if (ctx.deps.tips) lines.push(ctx.t('help.tip'));
  if (ctx.deps.invites) lines.push(isCountyLevel(ctx.actor) ? ctx.t('help.invite') : isOfficial(ctx.actor) ? ctx.t('help.bindgroup') : ctx.t('help.bind'));
  if (isOfficial(ctx.actor) && ctx.deps.deadlines) lines.push(ctx.t('help.deadlines'), ctx.t('help.tasks'));
  if (isOfficial(ctx.actor) && ctx.deps.dashboardLink) lines.push(ctx.t('help.dashboard'));
  if (ctx.deps.expertLoops && ctx.actor.role !== 'worker') lines.push(ctx.t('help.service'));
  lines.push(ctx.t('help.cancel'), ctx.t('help.lang'));
  return [text(lines.join('\n'))];
}
