import type { TownRepo } from '../domain/index.js';
import { loadTowns } from '../jobs/index.js';

/** Adds the county's towns that are missing; existing towns (and their bound group chats) are left alone. */
export async function seedTowns(repo: TownRepo): Promise<number> {
  const towns = await loadTowns();
  const existing = new Set((await repo.list()).map((t) => t.id));
  const missing = towns.filter((t) => !existing.has(t.id));
  for (const t of missing) await repo.upsert({ ...t, groupChats: [] });
  return missing.length;
}
