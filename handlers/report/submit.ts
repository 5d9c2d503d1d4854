import { isDomainError, isOfficial, newCase } from '../../domain/index.js';
import type { Case, CaseSource, Identity, Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import type { ReportFlow } from '../dialog-state.js';
import { text } from '../format.js';
import { dispatchCase } from '../dispatch.js';
import { notifyCaseOfficials, notifyNewCase } from '../notify.js';

/** A worker who reports for the first time gets an identity bound to this chat, so they can follow their reports. */
export async function ensureReporter(ctx: Ctx): Promise<Identity> {
  if (ctx.identity) return ctx.identity;
  const identity: Identity = {
    id: ctx.deps.newId(),
    displayName: ctx.senderName?.slice(0, 50) || ctx.t('role.worker'),
    role: 'worker',
    createdAt: ctx.deps.clock.now(),
  };
  await ctx.deps.stores.identities.insert(identity, ctx.chat);
  ctx.identity = identity;
  return identity;
}

export function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** 企业自查 for an enterprise account, 专家服务 for an expert, 执法检查 for an official. */
function sourceOf(reporter: Identity): CaseSource {
  if (reporter.role === 'enterprise') return 'self_inspection';
  if (reporter.role === 'expert') return 'expert_service';
  return isOfficial({ role: reporter.role }) ? 'inspection' : 'worker_report';
}

/**
 * Files the report once. The case id was chosen when the report started and travels in the dialog state, so a submit
 * repeated after its answer was lost (a lost race on the dialog state, a replica killed after the insert) finds the
 * case it already made and answers with it: no second case, no second number.
 */
export async function submitReport(ctx: Ctx, flow: ReportFlow): Promise<Outbound[]> {
  const { deps } = ctx;
  const filed = flow.caseId ? await deps.stores.cases.get(flow.caseId) : null;
  if (filed) return submitted(ctx, filed, true);
  const now = deps.clock.now();
  const reporter = await ensureReporter(ctx);
  const official = isOfficial({ role: reporter.role });
  const reported = newCase(
    {
      id: flow.caseId ?? deps.newId(),
      source: sourceOf(reporter),
      description: flow.draft.description ?? '',
      enterpriseId: flow.draft.enterpriseId,
      enterpriseName: flow.draft.enterpriseName,
      townId: flow.draft.townId ?? (official ? reporter.townId : undefined),
      photos: flow.draft.photos,
      location: flow.draft.location,
      reporterId: reporter.id,
    },
    { id: reporter.id, role: reporter.role },
    now,
  );
  const d = flow.draft;
  const own = reporter.role === 'enterprise' && !d.enterpriseId && reporter.enterpriseId ? await deps.stores.enterprises.get(reporter.enterpriseId) : null;
  const chosen = own
    ? { enterprise: { id: own.id, name: own.name, townId: own.townId }, rule: 'name' as const }
    : d.enterpriseId && d.enterpriseName
      ? { enterprise: { id: d.enterpriseId, name: d.enterpriseName, townId: d.townId ?? '' }, rule: d.matchRule ?? 'name' }
      : undefined;
  const { case: dispatched } = await dispatchCase(deps.stores, reported, { typed: d.enterpriseName, chosen }, now);
  let c: Case;
  try {
    c = await deps.stores.cases.insertNumbered(dispatched, deps.casePrefix, shanghaiYear(now));
  } catch (e) {
    // The same submit running elsewhere inserted it first (a lock lease that ran out): answer with that case.
    const first = isDomainError(e, 'DUPLICATE') ? await deps.stores.cases.get(dispatched.id) : null;
    if (!first) throw e;
    return submitted(ctx, first, true);
  }
  deps.log.info({ caseNumber: c.number, source: c.source, photos: c.beforePhotos.length, dispatch: c.dispatch?.rule, status: c.status }, 'case reported');
  await notifyNewCase(deps, c);
  return submitted(ctx, c, false);
}

/** The answer to a submit; a repeat re-plans the case's deadlines (idempotent) but tells the officials nothing twice. */
async function submitted(ctx: Ctx, c: Case, repeat: boolean): Promise<Outbound[]> {
  const { deps } = ctx;
  ctx.state.flow = undefined;
  if (repeat) {
    deps.log.info({ caseNumber: c.number }, 'repeated report submit answered with its case');
    // The first submit may have died between the insert and the notices: each official hears of it once either way.
    await notifyCaseOfficials(deps, c);
  }
  await deps.onCaseChanged?.(c);
  const town = c.townId ? await deps.stores.towns.get(c.townId) : null;
  const where = town ? `\n${ctx.t('report.dispatched', { town: town.name })}` : '';
  return [
    text(ctx.t('report.submitted', { number: c.number }) + where, [
      [{ label: ctx.t('case.open'), value: `c:${c.number}` }],
      [{ label: ctx.t('menu.report'), value: 'm:report' }],
    ]),
  ];
}
