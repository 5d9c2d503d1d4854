import type { CaseStatus } from './case.js';
import { DomainError } from './errors.js';
import type { Actor } from './identity.js';

/**
 * 重点企业专家指导服务 (2026 notice, item 9): experts serve the key enterprises assigned to them in a
 * 帮扶—整改—复核—提升 loop, done by the end of October, with a 回头看 of the findings by the end of December.
 * One loop per enterprise and year. Its findings are the enterprise's cases with source 专家服务 from that
 * year: their own workflow is the 整改 step, so the loop stores only what is not a case (visits, the
 * overall 复核 opinion, the closing 提升 summary).
 */
export const loopStages = ['assistance', 'rectification', 'review', 'improvement', 'completed'] as const; // 帮扶 整改 复核 提升 完成
export type LoopStage = (typeof loopStages)[number];

export interface LoopEntry {
  at: Date;
  by: string;
  byName?: string;
  text: string;
}

export interface ExpertLoop {
  /** `<year>:<enterpriseId>`. */
  id: string;
  year: number;
  enterpriseId: string;
  townId: string;
  /** 帮扶: each on-site visit with what the expert found and advised. */
  visits: LoopEntry[];
  /** 复核: the expert's opinion once every finding is closed. */
  review?: LoopEntry;
  /** 提升: the closing summary that completes the loop. */
  improvement?: LoopEntry;
  createdAt: Date;
  updatedAt: Date;
  /** Compare-and-set like cases: 0 until first stored. */
  version: number;
}

/** The finding cases as the loop needs them. */
export interface LoopFinding {
  number: string;
  status: CaseStatus;
}

export interface ExpertLoopFilter {
  year: number;
  townId?: string;
}

/** Implemented by stores/sqlite/expert-loops and stores/mongo/expert-loops; tests/contract/expert-loops.contract.ts. */
export interface ExpertLoopRepo {
  get(id: string): Promise<ExpertLoop | null>;
  /**
   * Stores the loop read at `loop.version` (0: new) and returns it at version + 1. DUPLICATE when a new
   * loop's id exists, VERSION_CONFLICT when someone saved it first.
   */
  save(loop: ExpertLoop): Promise<ExpertLoop>;
  /** Every loop of the year (a few dozen key enterprises per county), by id. */
  list(filter: ExpertLoopFilter): Promise<ExpertLoop[]>;
}

export const loopId = (year: number, enterpriseId: string): string => `${year}:${enterpriseId}`;

/** The notice's dates for a year, as Shanghai calendar days. */
export const loopDates = (year: number): { due: string; revisit: string } => ({ due: `${year}-10-31`, revisit: `${year}-12-31` });

/** The last millisecond of a Shanghai calendar day. */
export const shanghaiEndOfDay = (day: string): Date => new Date(Date.parse(`${day}T23:59:59.999+08:00`));

/** The Shanghai calendar year of an instant. */
export const shanghaiYear = (d: Date): number => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();

const settled: ReadonlySet<CaseStatus> = new Set(['closed', 'rejected']);
export const openFindings = (findings: LoopFinding[]): LoopFinding[] => findings.filter((f) => !settled.has(f.status));

export function loopStage(loop: ExpertLoop | null | undefined, findings: LoopFinding[]): LoopStage {
  if (!loop || loop.visits.length === 0) return 'assistance';
  if (loop.improvement) return 'completed';
  if (loop.review) return 'improvement';
  return openFindings(findings).length > 0 ? 'rectification' : 'review';
}

/** Past the end of October and not completed. */
export const loopOverdue = (loop: ExpertLoop | null | undefined, findings: LoopFinding[], year: number, now: Date): boolean =>
  loopStage(loop, findings) !== 'completed' && now.getTime() > shanghaiEndOfDay(loopDates(year).due).getTime();

export const isExpertOf = (a: Actor, enterpriseId: string): boolean => a.role === 'expert' && (a.enterpriseIds ?? []).includes(enterpriseId);

export type LoopStep = 'visit' | 'review' | 'improve';

/** The steps the actor may take on the loop now: only an assigned expert acts, in the loop's order. */
export function loopSteps(loop: ExpertLoop | null | undefined, findings: LoopFinding[], actor: Actor, enterpriseId: string): LoopStep[] {
  if (!isExpertOf(actor, enterpriseId)) return [];
  const stage = loopStage(loop, findings);
  if (stage === 'assistance' || stage === 'rectification') return ['visit'];
  if (stage === 'review') return ['visit', 'review'];
  if (stage === 'improvement') return ['improve'];
  return [];
}

export interface LoopSubject {
  enterpriseId: string;
  townId: string;
  year: number;
}

/**
 * One step of the loop as a pure function: returns the next loop (version untouched: the store bumps it).
 * 复核 needs every finding closed (FINDINGS_OPEN names the open ones); 提升 needs the 复核; each needs its text.
 */
export function applyLoopStep(
  loop: ExpertLoop | null,
  subject: LoopSubject,
  findings: LoopFinding[],
  step: LoopStep,
  text: string,
  actor: Actor,
  now: Date,
): ExpertLoop {
  if (!isExpertOf(actor, subject.enterpriseId)) throw new DomainError('FORBIDDEN', `${actor.id} is not an expert assigned to ${subject.enterpriseId}`);
  const body = text.trim();
  if (!body) throw new DomainError('OPINION_REQUIRED', `${step} needs a text`);
  const stage = loopStage(loop, findings);
  if (step === 'review' && stage === 'rectification') {
    throw new DomainError('FINDINGS_OPEN', 'findings are still open', { numbers: openFindings(findings).map((f) => f.number).join('、') });
  }
  if (!loopSteps(loop, findings, actor, subject.enterpriseId).includes(step)) {
    throw new DomainError('INVALID_TRANSITION', `${step} is not possible at stage ${stage}`);
  }
  const entry: LoopEntry = { at: now, by: actor.id, ...(actor.name && { byName: actor.name }), text: body };
  const base: ExpertLoop = loop ?? {
    id: loopId(subject.year, subject.enterpriseId),
    year: subject.year,
    enterpriseId: subject.enterpriseId,
    townId: subject.townId,
    visits: [],
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  if (step === 'visit') return { ...base, visits: [...base.visits, entry], updatedAt: now };
  if (step === 'review') return { ...base, review: entry, updatedAt: now };
  return { ...base, improvement: entry, updatedAt: now };
}
