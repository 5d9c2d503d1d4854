import { canSee, DomainError, isCountyLevel, openStatuses } from '../../domain/index.js';
import type { Case, CaseFilter } from '../../domain/index.js';
import type { Ctx } from '../context.js';

/** The case list a person means by "my cases": their town's open cases, the county's, or what they reported. */
export function myCasesFilter(ctx: Ctx): CaseFilter {
  const { actor } = ctx;
  if (isCountyLevel(actor)) return { status: [...openStatuses] };
  if (actor.role === 'town_official') return { townId: actor.townId, status: [...openStatuses] };
  return { reporterId: ctx.identity?.id ?? actor.id };
}

/** Loads a case by number or id, and refuses the ones this person may not see (as if absent). */
export async function loadVisibleCase(ctx: Ctx, ref: string): Promise<Case> {
  const cases = ctx.deps.stores.cases;
  const c = (await cases.getByNumber(ref.trim().toUpperCase())) ?? (await cases.get(ref.trim()));
  if (!c || !canSee(c, ctx.actor)) throw new DomainError('NOT_FOUND', `case ${ref} not found`, { ref });
  return c;
}
