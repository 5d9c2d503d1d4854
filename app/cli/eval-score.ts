export interface EvalQuestion {
  id: string;
  question: string;
  answerable: boolean;
  gold: Array<{ doc: string; article: string }>;
}

export interface ArticleRef {
  /** File name of the document. */
  source: string;
  article: string;
}

export interface EvalRecord {
  question: EvalQuestion;
  kind: 'answer' | 'refusal';
  cited: ArticleRef[];
  retrieved: ArticleRef[];
  ms: number;
}

export interface EvalMetrics {
  hitAt1: number;
  hitAt5: number;
  citationAccuracy: number;
  refusalRecall: number;
  falseRefusalRate: number;
  p50Ms: number;
  p95Ms: number;
  mode: 'offline' | 'llm';
  n: number;
}

/** `第十一条第（三）项` and `第十一条` name the same article. */
function sameArticle(a: ArticleRef, gold: { doc: string; article: string }): boolean {
  const article = (s: string) => /^第.+?条/.exec(s)?.[0] ?? s;
  return a.source === gold.doc && article(a.article) === article(gold.article);
}

function isGold(a: ArticleRef, q: EvalQuestion): boolean {
  return q.gold.some((g) => sameArticle(a, g));
}

/** Citations first, then the rest of the retrieval ranking, each article once. */
export function rankedArticles(r: EvalRecord): ArticleRef[] {
  const seen = new Set<string>();
  return [...r.cited, ...r.retrieved].filter((a) => {
    const key = `${a.source}|${a.article}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : Number((num / den).toFixed(3)));

/**
 * hitAt1/hitAt5: answerable questions with a gold article first / in the first five of (citations, then
 * retrieved). citationAccuracy: of all articles cited in answers to answerable questions, the share
 * that are gold. refusalRecall: unanswerable questions refused. falseRefusalRate: answerable refused.
 */
export function scoreEval(records: EvalRecord[], mode: 'offline' | 'llm'): EvalMetrics {
  const answerable = records.filter((r) => r.question.answerable);
  const unanswerable = records.filter((r) => !r.question.answerable);
  const hitAt = (k: number) => answerable.filter((r) => rankedArticles(r).slice(0, k).some((a) => isGold(a, r.question))).length;
  const answered = answerable.filter((r) => r.kind === 'answer');
  const cited = answered.flatMap((r) => r.cited.map((a) => isGold(a, r.question)));
  const times = records.map((r) => r.ms);
  return {
    hitAt1: ratio(hitAt(1), answerable.length),
    hitAt5: ratio(hitAt(5), answerable.length),
    citationAccuracy: ratio(cited.filter(Boolean).length, cited.length),
    refusalRecall: ratio(unanswerable.filter((r) => r.kind === 'refusal').length, unanswerable.length),
    falseRefusalRate: ratio(answerable.length - answered.length, answerable.length),
    p50Ms: Math.round(percentile(times, 50)),
    p95Ms: Math.round(percentile(times, 95)),
    mode,
    n: records.length,
  };
}
