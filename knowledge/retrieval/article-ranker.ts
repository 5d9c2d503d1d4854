import type { CorpusIndex } from '../corpus/corpus-index.js';
import type { ChunkRecord, DocRecord } from '../corpus/records.js';
import type { HandbookItem } from '../types.js';
import { articleKey, candidateText, groupByArticle, type ArticleCandidate } from './articles.js';
import { coverageOfNormalized } from './confidence.js';
import { roleArticle } from './article-role.js';
import { asksWho, namesAgentFor, whoTargets } from './duty-subject.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { AnalyzedQuery } from './query.js';

/** Handbook items this high in the ranking lend their rank to the articles they cite. */
const BRIDGE_TOP = 5;
const BRIDGE_DISCOUNT = 0.95;
/** Added to the score of an article naming who acts on the asked topic, for a "由谁 / 谁负责" question. */
const AGENT_BONUS = 0.03;
/** How far above the best match the article playing the asked role is put. */
const ROLE_LIFT = 0.01;

function baseArticle(label: string): string {
  return /^第.+?条/.exec(label)?.[0] ?? label;
}

export function normalizeTitle(t: string): string {
  return t.replace(/[\s\u3000《》]/g, '').replace(/^中华人民共和国/, '');
}

/**
 * The retrieval side of the knowledge base: ranks whole articles for a question (hybrid chunk search,
 * grouped per article, re-ranked by concept coverage, with handbook items bridging to their basis).
 */
export class ArticleRanker {
  /** Each article's chunks, by corpus version: assembling them per question was most of the ranking time. */
  private chunkLists = new Map<string, ChunkRecord[]>();
  private chunkListsOf: CorpusIndex | undefined;
  private readonly haystacks = new WeakMap<ChunkRecord[], string>();

  constructor(
    private readonly corpus: () => CorpusIndex,
    private readonly itemsById: ReadonlyMap<string, HandbookItem>,
    private readonly onVectorError: (err: unknown) => void,
  ) {}

  private articleChunks(doc: DocRecord, article: string): ChunkRecord[] {
    const corpus = this.corpus();
    if (this.chunkListsOf !== corpus) [this.chunkLists, this.chunkListsOf] = [new Map(), corpus];
    const key = `${doc.key}|${doc.hash}|${article}`;
    let chunks = this.chunkLists.get(key);
    if (!chunks) {
      chunks = doc.chunkIds.map((id) => corpus.chunks.get(id)).filter((ch): ch is ChunkRecord => ch !== undefined && ch.article === article);
      this.chunkLists.set(key, chunks);
    }
    return chunks;
  }

  coverageOf(q: AnalyzedQuery, c: ArticleCandidate): number {
    const corpus = this.corpus();
    let haystack = this.haystacks.get(c.chunks);
    if (haystack === undefined) {
      haystack = normalizeForMatch(`${c.doc.title}\n${c.chunks[0]?.chapter ?? ''}\n${candidateText(c)}`);
      this.haystacks.set(c.chunks, haystack);
    }
    return coverageOfNormalized(q.concepts, haystack, (t) => corpus.conceptWeight(t));
  }

  private async rank(q: AnalyzedQuery): Promise<ArticleCandidate[]> {
    const corpus = this.corpus();
    const hits = await corpus.search(q, { limit: 60, onVectorError: this.onVectorError });
    for (const c of q.concepts) c.abbreviation = c.tokens.every((t) => t.length >= 2 && t.length <= 4 && /^[\u3400-\u9fff]+$/.test(t));
    const candidates = groupByArticle(hits, (k) => corpus.repealedBy(k));
    const top = candidates[0]?.score ?? 1;
    for (const c of candidates) {
      // Quote and judge whole articles, not just the chunk that matched.
      c.chunks = this.articleChunks(c.doc, c.article);
      c.coverage = this.coverageOf(q, c);
      c.score = 0.5 * (c.score / top) + 0.5 * c.coverage;
    }
    return candidates.sort((a, b) => b.score - a.score);
  }

  /** One article of a document as a candidate (coverage filled in, score 0), if it exists. */
  articleCandidate(docKey: string, article: string, q: AnalyzedQuery): ArticleCandidate | undefined {
    const doc = this.corpus().docs.get(docKey);
    const chunks = doc ? this.articleChunks(doc, article) : [];
    if (!doc || chunks.length === 0) return undefined;
    const c: ArticleCandidate = { doc, article, chunks, score: 0 };
    c.coverage = this.coverageOf(q, c);
    return c;
  }

  /**
   * Ranking for answers: regulation articles only, once any regulation is ingested. The handbook is
   * written in everyday words, so a colloquial question often matches an item best; the item then
   * lends its rank (and its match with the question) to the articles it cites as its basis.
   */
  async rankArticles(q: AnalyzedQuery): Promise<ArticleCandidate[]> {
    const corpus = this.corpus();
    const ranked = await this.rank(q);
    const regulations = [...corpus.docs.values()].filter((d) => d.kind === 'regulation' && !corpus.isRepealed(d.key));
    if (regulations.length === 0) return preferNamedAgent(q, ranked);
    const byKey = new Map(ranked.filter((c) => c.doc.kind === 'regulation').map((c) => [articleKey(c.doc.key, c.article), c]));
    for (const hb of ranked.filter((c) => c.doc.kind === 'handbook').slice(0, BRIDGE_TOP)) {
      const item = this.itemsById.get(hb.article);
      for (const b of item?.basis ?? []) {
        const doc = regulations.find((d) => normalizeTitle(d.title) === normalizeTitle(b.docTitle));
        if (!doc) continue;
        const key = articleKey(doc.key, baseArticle(b.article));
        const target = byKey.get(key) ?? this.articleCandidate(doc.key, baseArticle(b.article), q);
        if (!target) continue;
        byKey.set(key, target);
        target.score = Math.max(target.score, hb.score * BRIDGE_DISCOUNT);
        target.coverage = Math.max(target.coverage ?? 0, (hb.coverage ?? 0) * BRIDGE_DISCOUNT);
        target.via = [...(target.via ?? []), item!].filter((v, i, all) => all.indexOf(v) === i);
      }
    }
    return this.preferRoleArticle(q, preferNamedAgent(q, [...byKey.values()]));
  }

  /** What a term means, when a rule applies from, why it was made: the article saying so goes first (article-role.ts). */
  private preferRoleArticle(q: AnalyzedQuery, ranked: ArticleCandidate[]): ArticleCandidate[] {
    const target = roleArticle(this.corpus(), q.question, ranked[0]?.doc);
    if (!target) return ranked;
    const key = articleKey(target.docKey, target.article);
    const found = ranked.find((c) => articleKey(c.doc.key, c.article) === key) ?? this.articleCandidate(target.docKey, target.article, q);
    if (!found) return ranked;
    found.score = Math.max(found.score, (ranked[0]?.score ?? 0) + ROLE_LIFT);
    found.role = target.role;
    return [found, ...ranked.filter((c) => c !== found)];
  }
}

/**
 * A "谁审批 / 由谁负责" question is answered by the article that says who does it (应当由主要负责人…进行审批),
 * not by one that merely lists the role among others: such articles get a small lift before sorting.
 */
function preferNamedAgent(q: AnalyzedQuery, candidates: ArticleCandidate[]): ArticleCandidate[] {
  const targets = asksWho(q.question) ? whoTargets(q.question, q.concepts) : [];
  if (targets.length > 0) for (const c of candidates) if (namesAgentFor(targets, candidateText(c))) c.score += AGENT_BONUS;
  return candidates.sort((a, b) => b.score - a.score);
}
