import { readFileSync } from 'node:fs';

/**
 * Retrieval signals the answer decision is fitted on (see knowledge/answer/fit-decision.ts), in order:
 * - coverage: IDF-weighted share of the question's concepts found in the best article
 * - coverageMargin: best coverage minus the runner-up's (how clearly one article wins)
 * - scoreMargin: best ranking score minus the runner-up's
 * - bm25: best raw BM25 score as a share of the most the question's terms could score
 * - similarity: best cosine similarity between question and article chunk (local or remote embeddings)
 * - bridged: 1 when a handbook item led retrieval to the article
 * - unknownShare: IDF-weighted share of the question's concepts the corpus never uses
 * - missingMax: weight share of the heaviest concept the best article itself lacks (工资 in "监护人员工资由谁发")
 * - focusMissing: the same, over the words next to the question word only — what is asked about
 *   (牌子 in "检测仪哪个牌子好", 模板 in "审批单模板哪里有")
 * - focusUnknown: weight share of those words next to the question word that no document uses at all
 *   (软件 in "台账用什么软件做"): the corpus cannot say what is asked
 * - role: 1 when the best article was put first as the one defining, commencing or motivating what is asked
 *   (knowledge/retrieval/article-role.ts): such articles share few words with the question
 */
export const FEATURES = ['coverage', 'coverageMargin', 'scoreMargin', 'bm25', 'similarity', 'bridged', 'unknownShare', 'missingMax', 'focusMissing', 'focusUnknown', 'role'] as const;
export type Signals = Record<(typeof FEATURES)[number], number>;
export type Outcome = 'answer' | 'related' | 'refusal';

export interface DecisionParams {
  features: string[];
  /** Standardisation: x' = (x − mean) / scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** P(answerable and the answer's article is among the top three) at or above which to answer. */
  answerAt: number;
  /** …at or above which to show related articles; below it, refuse. */
  relatedAt: number;
  fittedOn: string;
  questions: number;
  /** Total cost of the chosen thresholds on the tuning rows (see COSTS in fit-decision.ts). */
  tuningCost: number;
}

export const DECISION_FILE = new URL('./decision-params.json', import.meta.url);

export function loadDecisionParams(file: URL = DECISION_FILE): DecisionParams {
  const p = JSON.parse(readFileSync(file, 'utf8')) as DecisionParams;
  const n = FEATURES.length;
  const ok =
    FEATURES.every((f, i) => p.features[i] === f) &&
    [p.mean, p.scale, p.weights].every((v) => Array.isArray(v) && v.length === n && v.every(Number.isFinite)) &&
    [p.bias, p.answerAt, p.relatedAt].every(Number.isFinite);
  if (!ok) throw new Error(`${file.pathname}: decision parameters do not match the features ${FEATURES.join(', ')}; re-run the fit`);
  return p;
}

export function vector(s: Signals): number[] {
  return FEATURES.map((f) => s[f]);
}

export function probability(p: Pick<DecisionParams, 'mean' | 'scale' | 'weights' | 'bias'>, x: number[]): number {
  let z = p.bias;
  x.forEach((v, i) => (z += p.weights[i]! * ((v - p.mean[i]!) / p.scale[i]!)));
  return 1 / (1 + Math.exp(-z));
}

export function decide(p: DecisionParams, s: Signals): Outcome {
  return outcomeOf(p, vector(s));
}

/** The outcome for a signal vector (in FEATURES order). */
export function outcomeOf(p: DecisionParams, x: number[]): Outcome {
  const pr = probability(p, x);
  if (pr >= p.answerAt) return 'answer';
  return pr >= p.relatedAt ? 'related' : 'refusal';
}
