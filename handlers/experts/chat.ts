import { isDomainError, type LoopStep, type Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import { errorText } from '../errors.js';
import { formatDate, text, truncate } from '../format.js';
import { enterpriseLoop, keyEnterpriseLoops, takeLoopStep, type LoopView } from './service.js';
import type { ExpertFlow } from './state.js';

/**
 * `/service` in any chat: the county and towns see each key enterprise's loop stage; an expert sees theirs
 * and is offered the next step; the enterprise sees its own. Buttons: `x:<enterpriseId>` opens a loop,
 * `x:<enterpriseId>:<step>` starts a step.
 */
const steps: readonly LoopStep[] = ['visit', 'review', 'improve'];

function line(ctx: Ctx, v: LoopView): string {
  const open = v.findings.filter((f) => f.status !== 'closed' && f.status !== 'rejected').length;
  return ctx.t('expert.line', {
    name: v.enterprise.name,
    town: v.townName,
    stage: ctx.t(`expert.stage.${v.stage}`),
    experts: v.experts.map((x) => x.displayName).join('、') || '—',
    total: v.findings.length,
    open,
    overdue: v.overdue ? ctx.t('expert.overdue') : '',
  });
}

function detail(ctx: Ctx, v: LoopView): Outbound[] {
  const { t, locale } = ctx;
  const entry = (e: { at: Date; byName?: string; by: string; text: string }) => ({ date: formatDate(e.at, locale), by: e.byName ?? e.by, text: truncate(e.text, 300) });
  const lines = [
    t('expert.detail', { name: v.enterprise.name, year: v.year, stage: t(`expert.stage.${v.stage}`), due: v.due, revisit: v.revisit, overdue: v.overdue ? t('expert.overdue') : '' }),
  ];
  if (v.loop?.visits.length) lines.push(t('expert.visits'), ...v.loop.visits.map((e) => t('expert.entry', entry(e))));
  lines.push(v.findings.length ? t('expert.findings', { list: v.findings.map((f) => `${f.number} ${t(`status.${f.status}`)}`).join('、') }) : t('expert.noFindings'));
  if (v.loop?.review) lines.push(t('expert.review', entry(v.loop.review)));
  if (v.loop?.improvement) lines.push(t('expert.improvement', entry(v.loop.improvement)));
  const rows = v.steps.map((s) => [{ label: t(`expert.step.${s}`), value: `x:${v.enterprise.id}:${s}` }]);
  rows.push(...v.findings.filter((f) => f.status !== 'closed' && f.status !== 'rejected').map((f) => [{ label: `${t('case.open')} ${f.number}`, value: `c:${f.number}` }]));
  return [text(lines.join('\n'), rows.length ? rows : undefined)];
}

export async function serviceCommand(ctx: Ctx): Promise<Outbound[]> {
  if (!ctx.deps.expertLoops) return [text(ctx.t('expert.notConfigured'))];
  const views = await keyEnterpriseLoops(ctx.deps, ctx.actor);
  if (views.length === 0) return [text(ctx.t('expert.none'))];
  const { due, revisit } = views[0]!;
  const body = [ctx.t('expert.title', { year: views[0]!.year, due, revisit }), ...views.map((v) => line(ctx, v))].join('\n');
  return [text(body, views.map((v) => [{ label: v.enterprise.name, value: `x:${v.enterprise.id}` }]))];
}

export async function serviceChoice(ctx: Ctx, value: string): Promise<Outbound[]> {
  if (!ctx.deps.expertLoops) return [text(ctx.t('expert.notConfigured'))];
  const rest = value.slice(2);
  const cut = rest.lastIndexOf(':');
  const step = steps.find((s) => cut > 0 && rest.slice(cut + 1) === s);
  const enterpriseId = step ? rest.slice(0, cut) : rest;
  const v = await enterpriseLoop(ctx.deps, ctx.actor, enterpriseId);
  if (!step) return detail(ctx, v);
  if (!v.steps.includes(step)) return [text(ctx.t('expert.stepNotNow')), ...detail(ctx, v)];
  ctx.state.flow = { kind: 'expert', enterpriseId, step };
  return [text(ctx.t(`expert.ask.${step}`), [[{ label: ctx.t('common.cancel'), value: 'k:cancel' }]])];
}

export async function serviceText(ctx: Ctx, flow: ExpertFlow, typed: string): Promise<Outbound[]> {
  try {
    const v = await takeLoopStep(ctx.deps, ctx.actor, flow.enterpriseId, flow.step, typed);
    ctx.state.flow = undefined;
    return [text(ctx.t(`expert.saved.${flow.step}`)), ...detail(ctx, v)];
  } catch (e) {
    // The stage moved on meanwhile (another expert, a new finding): say why, and show where it stands.
    if (!isDomainError(e, 'INVALID_TRANSITION') && !isDomainError(e, 'FINDINGS_OPEN')) throw e;
    ctx.state.flow = undefined;
    const why = isDomainError(e, 'FINDINGS_OPEN') ? (errorText(e, ctx.t) ?? ctx.t('expert.stepNotNow')) : ctx.t('expert.stepNotNow');
    return [text(why), ...detail(ctx, await enterpriseLoop(ctx.deps, ctx.actor, flow.enterpriseId))];
  }
}
