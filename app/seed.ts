import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { TownRepo } from '../domain/index.js';

const townsFile = z.object({ towns: z.array(z.object({ id: z.string().regex(/^[a-z]+$/), name: z.string().min(2) })).min(1) });

/** Adds the county's towns that are missing; existing towns (and their bound group chats) are left alone. */
export async function seedTowns(repo: TownRepo, file = new URL('../jobs/plan/towns.yaml', import.meta.url)): Promise<number> {
  const { towns } = townsFile.parse(parse(readFileSync(file, 'utf8')));
  const existing = new Set((await repo.list()).map((t) => t.id));
  const missing = towns.filter((t) => !existing.has(t.id));
  for (const t of missing) await repo.upsert({ id: t.id, name: t.name, groupChats: [] });
  return missing.length;
}
