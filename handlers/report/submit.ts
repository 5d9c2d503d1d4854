import { isOfficial, newCase } from '../../domain/index.js';
import type { CaseSource, Identity, Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import type { ReportFlow } from '../dialog-state.js';
import { text } from '../format.js';
import { dispatchCase } from '../dispatch.js';
import { notifyNewCase } from '../notify.js';

/** A worker who reports for the first time gets an identity bound to this chat, so they can follow their reports. */
export async function ensureReporter(ctx: Ctx): Promise<Identity> {
  if (ctx.identity) return ctx.identity;
  const identity: Identity = {
    id: ctx.deps.newId(),
    displayName: ctx.senderName?.slice(0, 50) || ctx.t('role.worker'),
    role: 'worker',
    createdAt: ctx.deps.clock.now(),
  };
  await ctx.deps.stores.identities.insert(identity);
  await ctx.deps.stores.identities.bind(ctx.chat, identity.id);
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

export async function submitReport(ctx: Ctx, flow: ReportFlow): Promise<Outbound[]> {
  const { deps } = ctx;
  const now = deps.clock.now();
  const reporter = await ensureReporter(ctx);
  const official = isOfficial({ role: reporter.role });
  const reported = newCase(
    {
      id: deps.newId(),
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
  const c = await deps.stores.cases.insertNumbered(dispatched, deps.casePrefix, shanghaiYear(now));
  ctx.state.flow = undefined;
  deps.log.info({ caseNumber: c.number, source: c.source, photos: c.beforePhotos.length, dispatch: c.dispatch?.rule, status: c.status }, 'case reported');
  await notifyNewCase(deps, c);
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
