import type { TownRepo } from '../domain/index.js';
import { loadTowns } from '../jobs/plan/task-plan.js';

/**
 * Adds the county's towns that are missing; existing towns keep their bound group chats and only gain
 * a centre (for 自动派单) when they have none yet.
 */
export async function seedTowns(repo: TownRepo): Promise<number> {
  const towns = await loadTowns();
  const existing = new Map((await repo.list()).map((t) => [t.id, t]));
  const missing = towns.filter((t) => !existing.has(t.id));
  for (const t of missing) await repo.upsert({ ...t, groupChats: [] });
  for (const t of towns) {
    const old = existing.get(t.id);
    if (old && !old.centre && t.centre) await repo.upsert({ ...old, centre: t.centre });
  }
  return missing.length;
}
