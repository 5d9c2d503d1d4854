import { DomainError, isCountyLevel } from '../domain/index.js';
import type { Actor, Page, PageRequest, Town, TownRepo } from '../domain/index.js';

/** A town official works in their own town only; county officials and admins in any (or all: undefined). */
export const scopeTown = (actor: Actor, requested?: string): string | undefined =>
  isCountyLevel(actor) ? requested || undefined : actor.townId;

export function assertTown(actor: Actor, townId: string): void {
  if (!isCountyLevel(actor) && actor.townId !== townId) throw new DomainError('WRONG_TOWN', `town ${townId} is not ${actor.townId}`);
}

/** The towns an actor may pick in a form or see in a table. */
export async function visibleTowns(actor: Actor, towns: TownRepo): Promise<Town[]> {
  const all = await towns.list();
  return isCountyLevel(actor) ? all : all.filter((t) => t.id === actor.townId);
}

/**
 * Every record of a paged list, for statistics and exports. Capped: a county's records fit comfortably;
 * past the cap something is wrong and the caller says so rather than paging forever.
 */
export async function loadAll<T>(list: (page: PageRequest) => Promise<Page<T>>, cap = 20_000): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = await list({ limit: 500, after });
    out.push(...page.items);
    after = page.next;
  } while (after && out.length < cap);
  return out;
}
