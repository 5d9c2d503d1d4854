import type { Enterprise } from '../../domain/index.js';
import type { RatingChange } from '../../domain/dashboard.js';
import type { DashboardDeps, Official } from '../deps.js';

/** Every change of risk or supervision level is kept, so the 分级分类台账 can show how a rating came to be. */
async function rate(deps: DashboardDeps, who: Official, e: Enterprise, via: RatingChange['via'], note?: string) {
  await deps.stores.ratings.append({
    id: deps.core.newId(),
    enterpriseId: e.id,
    at: deps.core.clock.now(),
    actorId: who.identity.id,
    actorName: who.identity.displayName,
    riskLevel: e.riskLevel,
    supervisionLevel: e.supervisionLevel,
    via,
    note,
  });
}

export async function createEnterprise(deps: DashboardDeps, who: Official, e: Enterprise, via: 'create' | 'import'): Promise<void> {
  await deps.core.stores.enterprises.insert(e);
  await rate(deps, who, e, via);
}

/** Compare-and-set on the version the form was rendered from: a concurrent edit is refused, not overwritten. */
export async function updateEnterprise(deps: DashboardDeps, who: Official, before: Enterprise, after: Enterprise, note?: string): Promise<Enterprise> {
  const saved = await deps.core.stores.enterprises.update({ ...after, updatedAt: deps.core.clock.now() });
  if (saved.riskLevel !== before.riskLevel || saved.supervisionLevel !== before.supervisionLevel) await rate(deps, who, saved, 'edit', note);
  return saved;
}
