import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { DomainError, type Town } from '../../domain/index.js';
import type { TownTask } from '../../domain/reminders.js';
import { isValidDay } from '../time.js';

/** Shipped next to this file; a build must copy jobs/plan/*.yaml along with the code. */
export const townsFile = fileURLToPath(new URL('./towns.yaml', import.meta.url));
export const plan2026File = fileURLToPath(new URL('./2026.yaml', import.meta.url));

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug (a-z, 0-9, -)');
const day = z.string().refine(isValidDay, 'must be a calendar day YYYY-MM-DD');
const townsSpec = z.union([z.literal('all'), z.array(slug).min(1)]);
const offsets = z.array(z.number().int().min(0).max(90));

const centre = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const townsFileSchema = z
  .object({ towns: z.array(z.object({ id: slug, name: z.string().min(2), centre: centre.optional() }).strict()).min(1) })
  .strict();

const planFileSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().optional(),
    defaults: z
      .object({ towns: townsSpec.optional(), attachment: z.boolean().optional(), remind_days_before: offsets.optional() })
      .strict()
      .optional(),
    tasks: z
      .array(
        z
          .object({
            id: slug,
            title: z.string().trim().min(2),
            basis: z.string().optional(),
            due: day,
            towns: townsSpec.optional(),
            attachment: z.boolean().optional(),
            remind_days_before: offsets.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** What a county official enters for a new task (the chat or dashboard validates with this). */
export const taskInputSchema = z.object({
  id: slug,
  title: z.string().trim().min(2).max(200),
  due: day,
  townIds: townsSpec.default('all'),
  attachmentRequired: z.boolean().default(false),
  remindDaysBefore: offsets.default([7, 3, 1, 0]),
  basis: z.string().max(100).optional(),
});
export type TaskInput = z.input<typeof taskInputSchema>;

const invalid = (source: string, problems: string[]): DomainError =>
  new DomainError('INVALID_INPUT', `${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    problems,
  });

const zodProblems = (e: z.ZodError): string[] => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);

function parseYaml(text: string, source: string): unknown {
  try {
    return parse(text);
  } catch (e) {
    throw invalid(source, [`not valid YAML: ${(e as Error).message}`]);
  }
}

export function parseTowns(text: string, source = 'towns.yaml'): Town[] {
  const r = townsFileSchema.safeParse(parseYaml(text, source));
  if (!r.success) throw invalid(source, zodProblems(r.error));
  const dupes = r.data.towns.map((t) => t.id).filter((id, i, all) => all.indexOf(id) !== i);
  if (dupes.length) throw invalid(source, dupes.map((id) => `towns: duplicate id ${id}`));
  return r.data.towns.map((t) => ({ id: t.id, name: t.name, groupChats: [], ...(t.centre && { centre: { lat: t.centre[0], lng: t.centre[1] } }) }));
}

function resolveTowns(spec: 'all' | string[], townIds: readonly string[], where: string, problems: string[]): string[] {
  if (spec === 'all') return [...townIds];
  for (const id of spec) if (!townIds.includes(id)) problems.push(`${where}: unknown town "${id}"`);
  return spec;
}

/** Parses a task plan; every problem (schema, unknown town, duplicate id, wrong year) is listed in one error. */
export function parseTaskPlan(text: string, townIds: readonly string[], now: Date, source = 'task plan'): TownTask[] {
  const r = planFileSchema.safeParse(parseYaml(text, source));
  if (!r.success) throw invalid(source, zodProblems(r.error));
  const { year, defaults = {}, tasks } = r.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  const out = tasks.map((t, i): TownTask => {
    const where = `tasks.${i} (${t.id})`;
    if (seen.has(t.id)) problems.push(`${where}: duplicate id`);
    seen.add(t.id);
    if (!t.due.startsWith(`${year}-`)) problems.push(`${where}: due ${t.due} is not in ${year}`);
    return {
      id: t.id,
      title: t.title,
      due: t.due,
      townIds: resolveTowns(t.towns ?? defaults.towns ?? 'all', townIds, where, problems),
      attachmentRequired: t.attachment ?? defaults.attachment ?? false,
      remindDaysBefore: t.remind_days_before ?? defaults.remind_days_before ?? [7, 3, 1, 0],
      source: 'plan',
      basis: t.basis,
      createdAt: now,
    };
  });
  if (problems.length) throw invalid(source, problems);
  return out;
}

/** A task entered by a county official, validated like the plan file. */
export function taskFromInput(input: TaskInput, townIds: readonly string[], by: string, now: Date): TownTask {
  const r = taskInputSchema.safeParse(input);
  if (!r.success) throw invalid('task', zodProblems(r.error));
  const problems: string[] = [];
  const t = r.data;
  const resolved = resolveTowns(t.townIds, townIds, 'townIds', problems);
  if (problems.length) throw invalid('task', problems);
  return {
    id: t.id,
    title: t.title,
    due: t.due,
    townIds: resolved,
    attachmentRequired: t.attachmentRequired,
    remindDaysBefore: t.remindDaysBefore,
    source: 'official',
    basis: t.basis,
    createdBy: by,
    createdAt: now,
  };
}

export const loadTowns = async (file = townsFile): Promise<Town[]> => parseTowns(await readFile(file, 'utf8'), file);

export const loadTaskPlan = async (townIds: readonly string[], now: Date, file = plan2026File): Promise<TownTask[]> =>
  parseTaskPlan(await readFile(file, 'utf8'), townIds, now, file);
