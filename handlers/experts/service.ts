import {
  DomainError,
  applyLoopStep,
  isCountyLevel,
  isExpertOf,
  loopDates,
  loopId,
  loopOverdue,
  loopStage,
  loopSteps,
  shanghaiYear,
  type Actor,
  type Case,
  type Enterprise,
  type ExpertLoop,
  type ExpertLoopRepo,
  type Identity,
  type LoopFinding,
  type LoopStage,
  type LoopStep,
} from '../../domain/index.js';
import type { HandlerDeps } from '../context.js';
import { enterpriseAccounts, notifyPeople, officialsFor } from '../notify.js';

/**
 * The 帮扶—整改—复核—提升 loop of each key enterprise, channel-neutral: the chat (handlers/experts/chat.ts),
 * the dashboard and the reminder job read and act through these functions only.
 */
export interface LoopView {
  enterprise: Pick<Enterprise, 'id' | 'name' | 'townId'>;
  townName: string;
  /** The experts assigned to the enterprise. */
  experts: Array<Pick<Identity, 'id' | 'displayName'>>;
  year: number;
  loop: ExpertLoop | null;
  stage: LoopStage;
  findings: LoopFinding[];
  due: string;
  revisit: string;
  overdue: boolean;
  /** What the viewing actor may do now. */
  steps: LoopStep[];
}

const repoOf = (deps: HandlerDeps): ExpertLoopRepo => {
  if (!deps.expertLoops) throw new DomainError('FORBIDDEN', 'expert service loops are not wired');
  return deps.expertLoops;
};

/** The enterprise's 专家服务 cases of the year: the loop's findings (their own workflow is the 整改). */
async function findingsOf(deps: HandlerDeps, enterpriseId: string, year: number): Promise<LoopFinding[]> {
  const filter = {
    enterpriseId,
    source: 'expert_service' as const,
    createdFrom: new Date(Date.parse(`${year}-01-01T00:00:00+08:00`)),
    createdTo: new Date(Date.parse(`${year + 1}-01-01T00:00:00+08:00`)),
  };
  const out: Case[] = [];
  let after: string | undefined;
  do {
    const page = await deps.stores.cases.list(filter, { limit: 200, ...(after && { after }) });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out.reverse().map((c) => ({ number: c.number, status: c.status }));
}

/** Who may look at an enterprise's loop: the county, its town, its experts, the enterprise itself. */
export function maySeeLoop(actor: Actor, e: Pick<Enterprise, 'id' | 'townId'>): boolean {
  if (isCountyLevel(actor)) return true;
  if (actor.role === 'town_official') return actor.townId === e.townId;
  if (actor.role === 'enterprise') return actor.enterpriseId === e.id;
  return isExpertOf(actor, e.id);
}

/** The experts of each key enterprise (an enterprise is "key" once an expert is assigned to it). */
async function expertsByEnterprise(deps: HandlerDeps): Promise<Map<string, Identity[]>> {
  const byEnterprise = new Map<string, Identity[]>();
  for (const expert of await deps.stores.identities.list({ role: 'expert' })) {
    for (const id of expert.enterpriseIds ?? []) byEnterprise.set(id, [...(byEnterprise.get(id) ?? []), expert]);
  }
  return byEnterprise;
}

async function view(deps: HandlerDeps, actor: Actor, e: Enterprise, experts: Identity[], loop: ExpertLoop | null, year: number): Promise<LoopView> {
  const findings = await findingsOf(deps, e.id, year);
  const town = await deps.stores.towns.get(e.townId);
  const { due, revisit } = loopDates(year);
  return {
    enterprise: { id: e.id, name: e.name, townId: e.townId },
    townName: town?.name ?? e.townId,
    experts: experts.map((x) => ({ id: x.id, displayName: x.displayName })),
    year,
    loop,
    stage: loopStage(loop, findings),
    findings,
    due,
    revisit,
    overdue: loopOverdue(loop, findings, year, deps.clock.now()),
    steps: loopSteps(loop, findings, actor, e.id),
  };
}

/** Every key enterprise the actor may see, with its loop's stage, for the year of `now` (or `year`). */
export async function keyEnterpriseLoops(deps: HandlerDeps, actor: Actor, year = shanghaiYear(deps.clock.now())): Promise<LoopView[]> {
  const experts = await expertsByEnterprise(deps);
  const loops = new Map((await repoOf(deps).list({ year })).map((l) => [l.enterpriseId, l]));
  const ids = [...new Set([...experts.keys(), ...loops.keys()])];
  const views: LoopView[] = [];
  for (const id of ids) {
    const e = await deps.stores.enterprises.get(id);
    if (!e || !maySeeLoop(actor, e)) continue;
    views.push(await view(deps, actor, e, experts.get(id) ?? [], loops.get(id) ?? null, year));
  }
  return views.sort((a, b) => a.enterprise.townId.localeCompare(b.enterprise.townId) || a.enterprise.name.localeCompare(b.enterprise.name, 'zh-CN'));
}

export async function enterpriseLoop(deps: HandlerDeps, actor: Actor, enterpriseId: string, year = shanghaiYear(deps.clock.now())): Promise<LoopView> {
  const e = await deps.stores.enterprises.get(enterpriseId);
  // One answer for "absent" and "not yours", so ids cannot be probed.
  if (!e || !maySeeLoop(actor, e)) throw new DomainError('NOT_FOUND', `no loop of ${enterpriseId} for ${actor.id}`);
  const experts = (await expertsByEnterprise(deps)).get(e.id) ?? [];
  return view(deps, actor, e, experts, await repoOf(deps).get(loopId(year, e.id)), year);
}

/**
 * An assigned expert takes one step (帮扶 visit, 复核, 提升) with its text. The town's officials (and, for a
 * visit, the enterprise's accounts) hear of it personally. A concurrent step by another expert wins; this one
 * is refused with VERSION_CONFLICT and loses nothing (the caller asks again).
 */
export async function takeLoopStep(deps: HandlerDeps, actor: Actor, enterpriseId: string, step: LoopStep, text: string): Promise<LoopView> {
  const year = shanghaiYear(deps.clock.now());
  const e = await deps.stores.enterprises.get(enterpriseId);
  if (!e || !maySeeLoop(actor, e)) throw new DomainError('NOT_FOUND', `no loop of ${enterpriseId} for ${actor.id}`);
  const repo = repoOf(deps);
  const current = await repo.get(loopId(year, e.id));
  const findings = await findingsOf(deps, e.id, year);
  const next = applyLoopStep(current, { enterpriseId: e.id, townId: e.townId, year }, findings, step, text, actor, deps.clock.now());
  const saved = await repo.save(next);
  deps.log.info({ enterpriseId: e.id, step, by: actor.id }, 'expert service step');
  const people = [...(await officialsFor(deps, e.townId)), ...(step === 'visit' ? await enterpriseAccounts(deps, { enterpriseId: e.id, townId: e.townId }) : [])];
  await notifyPeople(deps, people, {
    kind: 'expert_service',
    eventKey: `expert:${saved.id}:${saved.version}`,
    text: (t) => t(`expert.notify.${step}`, { by: actor.name ?? '', enterprise: e.name, text: text.trim() }),
  });
  const experts = (await expertsByEnterprise(deps)).get(e.id) ?? [];
  return view(deps, actor, e, experts, saved, year);
}
