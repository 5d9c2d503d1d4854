import { availableActions, availableTrailActions, isOfficial, isOverdue, missingSupervisionFields, unavailableActions } from '../../domain/index.js';
import type { Case, Choice, Outbound } from '../../domain/index.js';
import type { MessageKey } from '../../locales/index.js';
import type { Ctx } from '../context.js';
import { formatDate, text, truncate } from '../format.js';
import { caseSupervisionLevel } from '../../domain/supervision-level.js';
import { describeEvent, historyPage } from './history.js';

export const actionChoice = (c: Case, action: string): string => `a:${c.number}:${action}:${c.version}`;

/** 自动派单, 督办通知书, 延期申请 and 验收 as the detail shows them. */
function trailLines(ctx: Ctx, c: Case, townName: string): string[] {
  const { t, locale } = ctx;
  const out: string[] = [];
  if (c.dispatch?.needsConfirmation && c.status === 'reported') {
    out.push(t('dispatch.needsConfirmation', { town: townName, km: c.dispatch.distanceKm ?? '?' }));
  }
  if (c.dispatch?.rule === 'county_duty' && !c.townId) out.push(t('dispatch.dutyQueue'));
  if (c.notice) {
    const state = c.notice.acknowledgedAt ? 'acknowledged' : c.notice.servedAt ? 'served' : 'issued';
    out.push(t('case.notice', { doc: c.notice.docNumber, state: t(`case.notice.${state}`) }));
  }
  const pending = c.extensions?.find((x) => !x.decision);
  if (pending) out.push(t('case.extensionPending', { date: formatDate(pending.deadline, locale), reason: truncate(pending.reason, 80) }));
  if (c.acceptance) out.push(t('case.acceptance', { opinion: truncate(c.acceptance.opinion, 80), date: formatDate(c.acceptance.at, locale) }));
  return out;
}

/** 监管层级 now, and its own trail of changes (the last few; the timeline marks each too). */
function levelLines(ctx: Ctx, c: Case): string[] {
  const { t, locale } = ctx;
  const level = caseSupervisionLevel(c);
  if (!level) return [];
  const changes = c.levelHistory ?? [];
  if (changes.length < 2) return [t('case.level', { level: t(`level.${level}`) })];
  return [
    t('case.level', { level: t(`level.${level}`) }),
    t('case.levelTrail'),
    ...changes.slice(-5).map((x) =>
      t('case.levelChange', { at: formatDate(x.at, locale), from: t(`level.${x.from ?? 'none'}`), to: t(`level.${x.to}`), action: t(`action.${x.action}` as MessageKey) }),
    ),
  ];
}

export async function caseDetail(ctx: Ctx, c: Case, historyPageNo = 0): Promise<Outbound[]> {
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
  lines.push(...levelLines(ctx, c));
  lines.push(...trailLines(ctx, c, town?.name ?? ''));
  const page = historyPage(c, historyPageNo);
  lines.push(page.pages > 1 ? t('case.historyPage', { page: page.page + 1, pages: page.pages }) : t('case.historyTitle'));
  for (const e of page.events) {
    const h = describeEvent(c, e, t, locale);
    lines.push(`· ${h.at} ${h.action}（${h.actor}）${h.note ? `：${h.note}` : ''}`);
  }

  if (isOfficial(ctx.actor) && ctx.deps.knowledge && c.status !== 'closed' && c.status !== 'rejected') {
    lines.push(...(await triageLines(ctx, c)));
  }

  // Only what this person can do now; what a rule holds back is said, not offered.
  for (const u of unavailableActions(c, ctx.actor)) lines.push(t('case.unavailable', { action: t(`action.${u.action}`), reason: t(`reason.${u.reason}`) }));
  const offered = [...availableActions(c, ctx.actor), ...availableTrailActions(c, ctx.actor)];
  const rows: Choice[][] = offered.map((a) => [{ label: t(`action.${a}`), value: actionChoice(c, a) }]);
  const paging: Choice[] = [];
  if (page.page + 1 < page.pages) paging.push({ label: t('case.historyOlder'), value: `h:${c.number}:${page.page + 1}` });
  if (page.page > 0) paging.push({ label: t('case.historyNewer'), value: `h:${c.number}:${page.page - 1}` });
  if (paging.length) rows.push(paging);
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
