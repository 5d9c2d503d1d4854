import { availableActions, isOfficial, isOverdue, missingSupervisionFields } from '../../domain/index.js';
import type { Case, Choice, Outbound } from '../../domain/index.js';
import type { MessageKey } from '../../locales/index.js';
import type { Ctx } from '../context.js';
import { formatDate, formatDateTime, text, truncate } from '../format.js';

export const actionChoice = (c: Case, action: string): string => `a:${c.number}:${action}:${c.version}`;

export async function caseDetail(ctx: Ctx, c: Case): Promise<Outbound[]> {
  const { t, locale } = ctx;
  const now = ctx.deps.clock.now();
  const town = c.townId ? await ctx.deps.stores.towns.get(c.townId) : null;
  const lines = [
    t('case.header', { number: c.number, status: t(`status.${c.status}`) }),
    t('case.source', { source: t(`source.${c.source}`) }),
    t('case.enterprise', { name: c.enterpriseName ?? t('report.enterpriseNone') }),
    t('case.town', { town: town?.name ?? t('case.townUnassigned') }),
    t('case.description', { text: truncate(c.description, 500) }),
  ];
  if (c.severity) lines.push(t('case.severity', { severity: t(`severity.${c.severity}`) }));
  if (c.deadline) {
    lines.push(t('case.deadline', { date: formatDate(c.deadline, locale) }) + (isOverdue(c, now) ? ` ${t('case.overdue')}` : ''));
  }
  lines.push(t('case.photos', { before: c.beforePhotos.length, after: c.afterPhotos.length }));
  if (c.location) lines.push(t('case.location', { where: c.location.label ?? `${c.location.lat.toFixed(5)}, ${c.location.lng.toFixed(5)}` }));
  if (c.supervision) {
    const missing = missingSupervisionFields(c.supervision);
    lines.push(
      missing.length === 0
        ? t('case.supervisionComplete')
        : t('case.supervisionMissing', { fields: missing.map((m) => t(`supervision.${m}` as MessageKey)).join('、') }),
    );
  }
  if (c.rejectReason) lines.push(t('case.rejectReason', { reason: c.rejectReason }));
  if (c.escalatedAt) lines.push(t('case.escalated', { date: formatDate(c.escalatedAt, locale) }));
  lines.push(t('case.historyTitle'));
  for (const e of c.history.slice(-6)) {
    lines.push(`· ${formatDateTime(e.at, locale)} ${t(`action.${e.action}`)}${e.note ? `：${truncate(e.note, 80)}` : ''}`);
  }

  if (isOfficial(ctx.actor) && ctx.deps.knowledge && c.status !== 'closed' && c.status !== 'rejected') {
    lines.push(...(await triageLines(ctx, c)));
  }

  const rows: Choice[][] = availableActions(c, ctx.actor).map((a) => [{ label: t(`action.${a}`), value: actionChoice(c, a) }]);
  rows.push([{ label: t('case.refresh'), value: `c:${c.number}` }, { label: t('menu.cases'), value: 'm:cases' }]);
  const replies: Outbound[] = [text(lines.join('\n'), rows)];
  for (const p of c.beforePhotos.slice(0, 3)) replies.push({ kind: 'photo', mediaId: p.id, caption: t('case.beforePhoto'), caseNumber: c.number });
  for (const p of c.afterPhotos.slice(-3)) replies.push({ kind: 'photo', mediaId: p.id, caption: t('case.afterPhoto'), caseNumber: c.number });
  return replies;
}

/** Handbook suggestions for the official to confirm: never decides the severity by itself. */
async function triageLines(ctx: Ctx, c: Case): Promise<string[]> {
  try {
    const s = await ctx.deps.knowledge!.triage(c.description);
    if (s.items.length === 0) return [];
    const out = [ctx.t('triage.title')];
    for (const item of s.items.slice(0, 3)) {
      const basis = item.basis[0] ? `《${item.basis[0].docTitle}》${item.basis[0].article}` : '';
      out.push(`· ${item.title}${basis ? `（${basis}）` : ''}${item.major ? ` ${ctx.t('triage.majorItem')}` : ''}`);
    }
    if (s.maybeMajor) out.push(ctx.t('triage.maybeMajor'));
    out.push(ctx.t('triage.confirmNote'));
    return out;
  } catch (e) {
    ctx.deps.log.warn({ err: (e as Error).message }, 'triage failed');
    return [];
  }
}
