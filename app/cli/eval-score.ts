export interface EvalQuestion {
  id: string;
  question: string;
  answerable: boolean;
  /** An article may name its item: `第十一条第（三）项`. */
  gold: Array<{ doc: string; article: string }>;
}

export interface ArticleRef {
  /** File name of the document. */
  source: string;
  article: string;
  /** Items (项) cited, e.g. `（三）`. */
  items?: string[];
  /** In an answer to a penalty question: the penalty article or the duty article it enforces. */
  role?: 'penalty' | 'duty';
}

export interface EvalRecord {
  question: EvalQuestion;
  kind: 'answer' | 'related' | 'refusal';
  cited: ArticleRef[];
  retrieved: ArticleRef[];
  ms: number;
}

export interface EvalMetrics {
  hitAt1: number;
  hitAt5: number;
  citationAccuracy: number;
  citationAccuracyStrict: number;
  itemCitationAccuracy: number;
  itemRecall: number;
  refusalRecall: number;
  falseRefusalRate: number;
  relatedRate: number;
  p50Ms: number;
  p95Ms: number;
  mode: 'offline' | 'llm';
  n: number;
}

const baseArticle = (s: string) => /^第.+?条/.exec(s)?.[0] ?? s;

/** `第十一条第（三）项` → `（三）`. */
function goldItem(article: string): string | undefined {
  return /第([（(][一二三四五六七八九十]+[）)])项/.exec(article)?.[1]?.replace('(', '（').replace(')', '）');
}

/** `第十一条第（三）项` and `第十一条` name the same article. */
function sameArticle(a: ArticleRef, gold: { doc: string; article: string }): boolean {
  return a.source === gold.doc && baseArticle(a.article) === baseArticle(gold.article);
}

function isGold(a: ArticleRef, q: EvalQuestion): boolean {
  return q.gold.some((g) => sameArticle(a, g));
}

/** Citations first, then the rest of the retrieval ranking, each article once. */
export function rankedArticles(r: EvalRecord): ArticleRef[] {
  const seen = new Set<string>();
  return [...r.cited, ...r.retrieved].filter((a) => {
    const key = `${a.source}|${baseArticle(a.article)}`;
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
 * Item-level scoring of an answer whose gold names items: each cited (article, item) pair on a gold
 * article counts, and a gold article cited without any item counts as one wrong item (it does not say
 * which 项 applies). Returns correct and cited pairs, and gold items found.
 */
function itemScore(r: EvalRecord): { correct: number; cited: number; goldFound: number; gold: number } {
  const goldItems = r.question.gold.flatMap((g) => {
    const item = goldItem(g.article);
    return item ? [{ doc: g.doc, article: baseArticle(g.article), item }] : [];
  });
  const goldArticles = new Set(goldItems.map((g) => `${g.doc}|${g.article}`));
  let correct = 0;
  let cited = 0;
  const found = new Set<string>();
  for (const c of r.cited) {
    const key = `${c.source}|${baseArticle(c.article)}`;
    if (!goldArticles.has(key)) continue;
    const items = c.items ?? [];
    if (items.length === 0) cited++;
    for (const item of items) {
      cited++;
      if (goldItems.some((g) => `${g.doc}|${g.article}` === key && g.item === item)) {
        correct++;
        found.add(`${key}|${item}`);
      }
    }
  }
  return { correct, cited, goldFound: found.size, gold: goldItems.length };
}

/**
 * hitAt1/hitAt5: answerable questions with a gold article first / in the first five of (citations, then
 * retrieved). citationAccuracy: of all articles cited in `answer`s to answerable questions, the share
 * that are gold, not counting the duty article quoted beside a gold penalty article (citationAccuracyStrict
 * counts it). itemCitationAccuracy: the same at item (项) level, over answers whose gold names an
 * item (a gold article cited without an item counts as a wrong item); itemRecall: gold items cited.
 * refusalRecall: unanswerable questions refused. falseRefusalRate: answerable questions refused flatly,
 * or answered `related` without the gold among the candidates. relatedRate: answerable questions
 * answered `related`.
 */
export function scoreEval(records: EvalRecord[], mode: 'offline' | 'llm'): EvalMetrics {
  const answerable = records.filter((r) => r.question.answerable);
  const unanswerable = records.filter((r) => !r.question.answerable);
  const hitAt = (k: number) => answerable.filter((r) => rankedArticles(r).slice(0, k).some((a) => isGold(a, r.question))).length;
  const answered = answerable.filter((r) => r.kind === 'answer');
  const related = answerable.filter((r) => r.kind === 'related');
  const refused = answerable.filter((r) => r.kind === 'refusal' || (r.kind === 'related' && !r.cited.some((a) => isGold(a, r.question))));
  const cited = answered.flatMap((r) => r.cited.map((a) => isGold(a, r.question)));
  // The duty article a penalty answer must quote beside a gold penalty article (labelled as such) is
  // neither right nor wrong: a gold set naming only the penalty article does not make it an error.
  const citedDutyNeutral = answered.flatMap((r) => {
    const penaltyRight = r.cited.some((a) => a.role === 'penalty' && isGold(a, r.question));
    return r.cited.filter((a) => !(penaltyRight && a.role === 'duty' && !isGold(a, r.question))).map((a) => isGold(a, r.question));
  });
  const items = answered.map(itemScore).filter((s) => s.gold > 0);
  const sum = (f: (s: ReturnType<typeof itemScore>) => number) => items.reduce((t, s) => t + f(s), 0);
  const times = records.map((r) => r.ms);
  return {
    hitAt1: ratio(hitAt(1), answerable.length),
    hitAt5: ratio(hitAt(5), answerable.length),
    citationAccuracy: ratio(citedDutyNeutral.filter(Boolean).length, citedDutyNeutral.length),
    citationAccuracyStrict: ratio(cited.filter(Boolean).length, cited.length),
    itemCitationAccuracy: ratio(sum((s) => s.correct), sum((s) => s.cited)),
    itemRecall: ratio(sum((s) => s.goldFound), sum((s) => s.gold)),
    refusalRecall: ratio(unanswerable.filter((r) => r.kind === 'refusal').length, unanswerable.length),
    falseRefusalRate: ratio(refused.length, answerable.length),
    relatedRate: ratio(related.length, answerable.length),
    p50Ms: Math.round(percentile(times, 50)),
    p95Ms: Math.round(percentile(times, 95)),
    mode,
    n: records.length,
  };
}
