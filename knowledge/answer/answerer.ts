import type { ChatOpenAI } from '@langchain/openai';
import type { CorpusIndex } from '../corpus/corpus-index.js';
import { articleKey, candidateText, type ArticleCandidate } from '../retrieval/articles.js';
import type { ArticleRanker } from '../retrieval/article-ranker.js';
import { answersQuantity, credit } from '../retrieval/confidence.js';
import { conceptsNear, leadSubject, penalizedSubject, QUESTION_WORD } from '../retrieval/duty-subject.js';
import { normalizeForMatch } from '../text/normalize.js';
import { analyzeQuery, conceptWeight, type AnalyzedQuery } from '../retrieval/query.js';
import { unheldKindAsked } from '../retrieval/asked-kind.js';
import { unknownObjectAsked } from '../retrieval/asked-object.js';
import { outOfScopeIndustry, unknownDocumentNamed } from '../retrieval/scope.js';
import type { Answer, HandbookItem, KnowledgeLogger, Locale } from '../types.js';
import { checkCitations } from './citations.js';
import { decide, type DecisionParams, type Outcome, type Signals } from './decision.js';
import { matchingItems } from './items.js';
import { askModel, NO_ANSWER } from './llm.js';
import { messages } from './messages.js';
import { offlineAnswer, refusal, relatedAnswer, type OfflineSource } from './offline.js';

/**
 * A second article is quoted alongside the best one only when practically tied with it and when it says
 * something the question asks that the best one does not: a near-duplicate only dilutes the answer.
 */
const SECOND_ARTICLE_RATIO = 0.95;
const MAX_RELATED = 3;
const MAX_LLM_SOURCES = 6;
/** How deep in the ranking a penalty question looks for the penalty and the duty article. */
const PENALTY_DEPTH = 8;

const PENALTY_QUESTION = /罚|处罚|处分|法律责任|什么责任|后果|怎么处理|吊销|停产整顿/;
/** An article that imposes a sanction: a fine or a disciplinary measure, ordered by an authority. */
const SANCTION = /罚款|处分/;
const ORDERED = /责令|处以|给予|依照.{0,20}处罚|由.{0,20}(决定|处罚)/;

function isPenaltyArticle(c: ArticleCandidate): boolean {
  const text = candidateText(c);
  return SANCTION.test(text) && ORDERED.test(text);
}

/** What the decision saw for one question: exposed for the calibration fit and the eval. */
export interface Diagnosis {
  q: AnalyzedQuery;
  ranked: ArticleCandidate[];
  /** Current (not repealed) articles, best first. */
  current: ArticleCandidate[];
  /** Articles the answer would quote (penalty and duty article for a penalty question). */
  chosen: ArticleCandidate[];
  signals: Signals;
  /**
   * Offline only: the thing asked about that no source names (空调 in 更衣室要不要装空调), which turns a match into a
   * refusal after the fitted decision; the model, which reads the articles, judges that itself.
   */
  unnamed?: string;
  /** Why the question was refused before the fitted decision, if it was. */
  gate?: 'none-found' | 'unknown-document' | 'other-industry' | 'figure-missing' | 'unheld-kind';
  outcome: Outcome;
}

/** The answering side of the knowledge base: decides answer / related / refusal and composes the reply. */
export class Answerer {
  constructor(
    private readonly corpus: () => CorpusIndex,
    private readonly ranker: ArticleRanker,
    private readonly itemsById: ReadonlyMap<string, HandbookItem>,
    private readonly chat: ChatOpenAI | undefined,
    private readonly logger: KnowledgeLogger,
    private readonly params: DecisionParams,
  ) {}

  async diagnose(question: string): Promise<Diagnosis> {
    const q = analyzeQuery(question);
    const ranked = await this.ranker.rankArticles(q);
    const current = this.withinNamedDocuments(question, ranked.filter((c) => c.repealedBy === undefined));
    const chosen = await this.choose(q, current);
    const signals = this.signals(q, current);
    const gate = this.gate(q, question, chosen);
    if (gate) return { q, ranked, current, chosen, signals, gate, outcome: 'refusal' };
    const decided = decide(this.params, signals);
    const unnamed = !this.chat && decided !== 'refusal' ? unknownObjectAsked(q.question, q.concepts, this.corpus()) : undefined;
    return { q, ranked, current, chosen, signals, ...(unnamed ? { unnamed } : {}), outcome: unnamed ? 'refusal' : decided };
  }

  async ask(question: string, locale: Locale): Promise<Answer> {
    const d = await this.diagnose(question);
    const notes = d.ranked
      .slice(0, 5)
      .filter((c) => c.repealedBy !== undefined)
      .map((c) => messages(locale).repealed(c.doc.title, c.repealedBy ?? null))
      .filter((n, i, all) => all.indexOf(n) === i);
    const guide = d.current[0]?.via?.[0];
    if (guide && d.outcome !== 'refusal') notes.push(messages(locale).seeHandbook(guide.id, guide.title));

    if (this.chat && d.outcome !== 'refusal') {
      const sources = uniqueSources([...d.chosen, ...d.current].slice(0, MAX_LLM_SOURCES + d.chosen.length), MAX_LLM_SOURCES).map((c) => this.toSource(d.q, c));
      const answer = await this.askLlm(question, sources, locale, notes);
      if (answer) return answer;
    }
    const corpus = this.corpus();
    const common = { question: d.q.question, concepts: d.q.concepts, idf: (t: string) => corpus.conceptWeight(t), locale, notes };
    if (d.outcome === 'refusal') return refusal(locale, notes, d.unnamed);
    if (d.outcome === 'related') {
      const sources = uniqueSources([...d.chosen, ...d.current], MAX_RELATED).map((c) => this.toSource(d.q, c));
      return relatedAnswer({ sources, ...common });
    }
    return offlineAnswer({ sources: d.chosen.map((c) => this.toSource(d.q, c)), ...common });
  }

  /** A question that names a document we hold (安全生产法, 隐患判定标准) is answered from that document. */
  private withinNamedDocuments(question: string, current: ArticleCandidate[]): ArticleCandidate[] {
    const q = question.replace(/\s/g, '');
    const named = new Set(
      [...this.corpus().docs.values()]
        .filter((d) => d.kind === 'regulation' && titleSuffixes(d.title).some((name) => q.includes(name)))
        .map((d) => d.key),
    );
    const within = current.filter((c) => named.has(c.doc.key));
    return within.length > 0 ? within : current;
  }

  /**
   * The articles to quote: the best one (and a practically tied runner-up). A question about penalties
   * gets the penalty article and the duty article it enforces, each labelled: the duty article is found
   * by searching with the wording of the violation the penalty article describes.
   */
  private async choose(q: AnalyzedQuery, current: ArticleCandidate[]): Promise<ArticleCandidate[]> {
    const best = current[0];
    if (!best) return [];
    if (PENALTY_QUESTION.test(q.question)) {
      // The penalty of the document the best match comes from (有限空间规定 for a 有限空间 duty) goes first.
      const penalties = current.slice(0, PENALTY_DEPTH).filter((c) => c.doc.kind === 'regulation' && isPenaltyArticle(c));
      const penalty = penalties.find((c) => c.doc.key === best.doc.key) ?? penalties[0];
      if (penalty) {
        const duty = await this.dutyFor(q, penalty);
        return duty ? [penalty, duty] : [penalty];
      }
    }
    const second = current[1];
    return second && second.score >= best.score * SECOND_ARTICLE_RATIO && this.addsToBest(q, best, second) ? [best, second] : [best];
  }

  /** Whether `second` has a question word (fully) that `best` lacks. */
  private addsToBest(q: AnalyzedQuery, best: ArticleCandidate, second: ArticleCandidate): boolean {
    const [a, b] = [best, second].map((c) => normalizeForMatch(`${c.doc.title}\n${candidateText(c)}`));
    return q.concepts.some((c) => credit(c, a!) < 0.5 && credit(c, b!) === 1);
  }

  /** The article whose duty a penalty article enforces: the best non-penalty match for the violation. */
  private async dutyFor(q: AnalyzedQuery, penalty: ArticleCandidate): Promise<ArticleCandidate | undefined> {
    const corpus = this.corpus();
    const text = candidateText(penalty).replace(/^第.+?条[\s\u3000]*/, '');
    const items = matchingItems(text, q.concepts, (t) => corpus.conceptWeight(t));
    const violation = items.length > 0 ? items.map((i) => i.text).join('\n') : (/^(.+?)的，/.exec(text)?.[1] ?? text.split('\n')[0]!);
    // The question's own words stay in: they say which part of the duty was asked about.
    const ranked = await this.ranker.rankArticles(analyzeQuery(`${q.question.replace(new RegExp(PENALTY_QUESTION.source, 'g'), '')}\n${violation.replace(/（[一二三四五六七八九十]+）|未|没有/g, '')}`));
    const duties = ranked.filter((c) => c.doc.key === penalty.doc.key && c.repealedBy === undefined && !isPenaltyArticle(c) && !/法律责任/.test(c.chunks[0]?.chapter ?? ''));
    // A penalty enforces a duty of the party it punishes: 生产经营单位's fine pairs with an article addressed
    // to 生产经营单位 (第四十一条), not with one addressed to the authority that orders it (第七十条).
    const punished = penalizedSubject(text);
    return duties.slice(0, PENALTY_DEPTH).find((c) => punished !== undefined && leadSubject(candidateText(c)) === punished) ?? duties[0];
  }

  private signals(q: AnalyzedQuery, current: ArticleCandidate[]): Signals {
    const corpus = this.corpus();
    const [best, second] = current;
    let maxBm25 = 0;
    for (const [term, w] of q.terms) if (corpus.knows(term)) maxBm25 += w * corpus.idf(term);
    let total = 0;
    let unknown = 0;
    let missing = 0;
    let focusMissing = 0;
    let focusUnknown = 0;
    const haystack = best ? normalizeForMatch(`${best.doc.title}\n${candidateText(best)}`) : '';
    const focus = new Set(conceptsNear(q.question, q.concepts, QUESTION_WORD));
    for (const c of q.concepts) {
      const w = conceptWeight(c, (t) => corpus.conceptWeight(t));
      total += w;
      if (!c.alternatives.some((a) => corpus.knows(a)) && !c.tokens.some((t) => corpus.knows(t))) {
        unknown += w;
        if (focus.has(c)) focusUnknown += w;
      }
      if (credit(c, haystack) < 0.5) {
        missing = Math.max(missing, w);
        if (focus.has(c)) focusMissing = Math.max(focusMissing, w);
      }
    }
    return {
      coverage: best?.coverage ?? 0,
      coverageMargin: (best?.coverage ?? 0) - (second?.coverage ?? 0),
      scoreMargin: (best?.score ?? 0) - (second?.score ?? 0),
      bm25: maxBm25 > 0 ? Math.min(1, (best?.bm25 ?? 0) / maxBm25) : 0,
      similarity: best?.similarity ?? 0,
      bridged: best?.via ? 1 : 0,
      unknownShare: total > 0 ? unknown / total : 1,
      missingMax: total > 0 ? missing / total : 1,
      focusMissing: total > 0 ? focusMissing / total : 1,
      focusUnknown: total > 0 ? focusUnknown / total : 1,
      role: best?.role ? 1 : 0,
    };
  }

  /**
   * Checks beyond word overlap that the chosen articles can answer at all: the question names no
   * document we lack, is not about an industry the article never mentions, and asks for no figure
   * the quoted articles lack, and asks for no kind of thing regulations never state (a brand, a website).
   */
  private gate(q: AnalyzedQuery, question: string, chosen: ArticleCandidate[]): Diagnosis['gate'] {
    const best = chosen[0];
    if (!best) return 'none-found';
    const titles = [...this.corpus().docs.values()].map((d) => d.title);
    const quoted = chosen.map(candidateText).join('\n');
    if (unknownDocumentNamed(question, titles, quoted) !== undefined) return 'unknown-document';
    if (outOfScopeIndustry(question, `${best.doc.title}\n${candidateText(best)}`) !== undefined) return 'other-industry';
    if (!answersQuantity(question, chosen.map((c) => this.quotedText(q, c)).join('\n'))) return 'figure-missing';
    if (unheldKindAsked(question, quoted) !== undefined) return 'unheld-kind';
    return undefined;
  }

  /** What an answer quotes of an article: its lead-in and the matching items where it has items, else all of it. */
  private quotedText(q: AnalyzedQuery, c: ArticleCandidate): string {
    const text = candidateText(c);
    const corpus = this.corpus();
    const items = matchingItems(text, q.concepts, (t) => corpus.conceptWeight(t));
    return items.length > 0 ? [text.split('\n')[0]!, ...items.map((i) => i.text)].join('\n') : text;
  }

  private toSource(q: AnalyzedQuery, c: ArticleCandidate): OfflineSource {
    const item = c.chunks[0]?.handbookId ? this.itemsById.get(c.chunks[0].handbookId) : undefined;
    const text = candidateText(c);
    const corpus = this.corpus();
    const items = matchingItems(text, q.concepts, (t) => corpus.conceptWeight(t)).map((i) => i.label);
    const penaltyQuestion = PENALTY_QUESTION.test(q.question);
    return {
      docTitle: c.doc.title,
      article: c.article,
      ...(c.doc.docNumber ? { docNumber: c.doc.docNumber } : {}),
      text,
      ...(item ? { handbookItem: item } : {}),
      ...(items.length ? { items } : {}),
      ...(penaltyQuestion && c.doc.kind === 'regulation' ? { role: isPenaltyArticle(c) ? ('penalty' as const) : ('duty' as const) } : {}),
    };
  }

  /** LLM answer with citations checked down to the item; undefined means "fall back to the offline answer". */
  private async askLlm(question: string, sources: OfflineSource[], locale: Locale, notes: string[]): Promise<Answer | undefined> {
    let reply: string;
    try {
      reply = await askModel(this.chat!, question, sources, locale);
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'LLM unavailable; answering offline');
      return undefined;
    }
    if (reply.includes(NO_ANSWER)) return { ...refusal(locale, notes), mode: 'llm' };
    const checked = checkCitations(reply, sources);
    if (checked.invalid.length > 0) this.logger.warn({ invalid: checked.invalid }, 'LLM cited articles that were not retrieved; removed');
    if (checked.citations.length === 0) return undefined;
    return {
      kind: 'answer',
      text: [checked.text, ...notes, messages(locale).llmNote].join('\n\n'),
      citations: checked.citations,
      mode: 'llm',
    };
  }
}

/** Ways a question may name a document: the title's endings of five characters or more (安全生产法, 隐患判定标准). */
function titleSuffixes(title: string): string[] {
  const t = title.replace(/[\s\u3000《》]/g, '').replace(/^中华人民共和国/, '');
  const out: string[] = [];
  for (let i = 0; i + 5 <= t.length; i++) out.push(t.slice(i));
  return out;
}

function uniqueSources(cs: ArticleCandidate[], max: number): ArticleCandidate[] {
  const seen = new Set<string>();
  return cs
    .filter((c) => {
      const key = articleKey(c.doc.key, c.article);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, max);
}
