import { z } from 'zod';
import type { DialogRepo } from '../domain/index.js';
import { expertFlowSchema } from './experts/state.js';
import { tipCheckFlowSchema, tipFlowSchema } from './tips/state.js';

/**
 * What a chat is in the middle of, persisted after every step so a draft survives a mistake,
 * a crash or a restart. Validated on load: a state written by an older version resets cleanly.
 */
const photoRef = z.object({
  id: z.string(),
  mime: z.string(),
  bytes: z.number(),
  originalSha256: z.string().optional(),
  capturedAt: z.coerce.date().optional(),
});
export type StoredPhoto = z.infer<typeof photoRef>;

const reportDraft = z.object({
  enterpriseId: z.string().optional(),
  enterpriseName: z.string().optional(),
  /** How the enterprise was found (自动派单 names the rule on the case history). */
  matchRule: z.enum(['poster_qr', 'credit_code', 'name', 'alias']).optional(),
  townId: z.string().optional(),
  description: z.string().optional(),
  photos: z.array(photoRef).default([]),
  location: z.object({ lat: z.number(), lng: z.number(), label: z.string().optional() }).optional(),
});
export type ReportDraft = z.infer<typeof reportDraft>;

const reportFlow = z.object({
  kind: z.literal('report'),
  step: z.enum(['enterprise', 'description', 'photos', 'location', 'confirm']),
  draft: reportDraft,
  /** The id the submitted case takes, chosen when the report starts: a repeated submit finds the case it made. */
  caseId: z.string().optional(),
  /** Names offered after an ambiguous or unknown enterprise, so a button press can pick one. */
  candidates: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  /** Set when the typed name matched nothing; the reporter may keep it as typed. */
  pendingName: z.string().optional(),
});

const actionFlow = z.object({
  kind: z.literal('action'),
  caseId: z.string(),
  action: z.string(),
  step: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
  photos: z.array(photoRef).default([]),
});

const taskFlow = z.object({ kind: z.literal('task'), taskId: z.string(), step: z.literal('attachment') });

export const dialogStateSchema = z.object({
  locale: z.enum(['zh-CN', 'en']).optional(),
  flow: z.discriminatedUnion('kind', [reportFlow, actionFlow, taskFlow, tipFlowSchema, tipCheckFlowSchema, expertFlowSchema]).optional(),
  casesCursor: z.string().optional(),
});

export type DialogState = z.infer<typeof dialogStateSchema>;
export type ReportFlow = z.infer<typeof reportFlow>;
export type ActionFlow = z.infer<typeof actionFlow>;

/** A chat's state and the version it was read at, for the compare-and-set save. */
export interface LoadedDialog {
  state: DialogState;
  version: number;
}

export async function loadDialog(repo: DialogRepo, chat: string): Promise<LoadedDialog> {
  const stored = await repo.get(chat);
  const parsed = dialogStateSchema.safeParse(stored?.state ?? {});
  return { state: parsed.success ? parsed.data : {}, version: stored?.version ?? 0 };
}

/** False when another step of the same chat saved first (the caller re-reads; nothing is overwritten). */
export async function saveDialog(repo: DialogRepo, chat: string, state: DialogState, version: number): Promise<boolean> {
  // Nothing stored and nothing to store (a question, say): no write, so a dialog another replica began meanwhile stays.
  if (!state.flow && !state.locale && !state.casesCursor) return version === 0 || repo.delete(chat, version);
  return repo.put(chat, JSON.parse(JSON.stringify(state)) as unknown, version);
}
