import type { ChatOpenAI } from '@langchain/openai';
import type { CorpusIndex } from '../corpus/corpus-index.js';
import { candidateText, type ArticleCandidate } from '../retrieval/articles.js';
import type { ArticleRanker } from '../retrieval/article-ranker.js';
import { answersQuantity } from '../retrieval/confidence.js';
import { analyzeQuery } from '../retrieval/query.js';
import { outOfScopeIndustry, unknownDocumentNamed } from '../retrieval/scope.js';
import type { Answer, HandbookItem, KnowledgeLogger, Locale } from '../types.js';
import { checkCitations, type SourceArticle } from './citations.js';
import { askModel, NO_ANSWER } from './llm.js';
import { messages } from './messages.js';
import { offlineAnswer, refusal, type OfflineSource } from './offline.js';

/** Below this share of the question's (IDF-weighted) concepts found in the best article, refuse. */
export const MIN_COVERAGE = 0.5;
/** With a model the bar to *ask* it is lower: it can still decline, and it reads paraphrases better. */
const LLM_MIN_COVERAGE = 0.35;
/** Other articles are quoted alongside the best one only when nearly as good. */
const SECOND_ARTICLE_RATIO = 0.85;
const MAX_QUOTED = 3;
const MAX_LLM_SOURCES = 6;

/** The answering side of the knowledge base: decides answer / refusal and composes the reply. */
export class Answerer {
  constructor(
    private readonly corpus: () => CorpusIndex,
    private readonly ranker: ArticleRanker,
    private readonly itemsById: ReadonlyMap<string, HandbookItem>,
    private readonly chat: ChatOpenAI | undefined,
    private readonly logger: KnowledgeLogger,
  ) {}

  private toSource(c: ArticleCandidate): OfflineSource {
    const item = c.chunks[0]?.handbookId ? this.itemsById.get(c.chunks[0].handbookId) : undefined;
    return {
      docTitle: c.doc.title,
      article: c.article,
      ...(c.doc.docNumber ? { docNumber: c.doc.docNumber } : {}),
      text: candidateText(c),
      ...(item ? { handbookItem: item } : {}),
    };
  }

  async ask(question: string, locale: Locale): Promise<Answer> {
    const corpus = this.corpus();
    const q = analyzeQuery(question);
    const ranked = await this.ranker.rankArticles(q);
    const current = ranked.filter((c) => c.repealedBy === undefined);
    const best = current[0];
    const notes = ranked
      .slice(0, 5)
      .filter((c) => c.repealedBy !== undefined)
      .map((c) => messages(locale).repealed(c.doc.title, c.repealedBy ?? null))
      .filter((n, i, all) => all.indexOf(n) === i);
    const guide = best?.via?.[0];
    if (guide) notes.push(messages(locale).seeHandbook(guide.id, guide.title));
    const coverage = best?.coverage ?? 0;
    const onTopic = best !== undefined && this.onTopic(question, best);

    if (this.chat && onTopic && coverage >= LLM_MIN_COVERAGE) {
      const sources = current.slice(0, MAX_LLM_SOURCES).map((c) => this.toSource(c));
      const answer = await this.askLlm(question, sources, locale, notes);
      if (answer) return answer;
    }
    if (!onTopic || coverage < MIN_COVERAGE) return refusal(locale, notes);
    const quoted = current.filter((c, i) => i === 0 || c.score >= best!.score * SECOND_ARTICLE_RATIO).slice(0, MAX_QUOTED);
    return offlineAnswer({
      sources: quoted.map((c) => this.toSource(c)),
      concepts: q.concepts,
      idf: (t) => corpus.conceptWeight(t),
      locale,
      notes,
    });
  }

  /**
   * Checks beyond word overlap that the best article can answer at all: the question names no document
   * we lack, is not about an industry the article never mentions, and asks for no figure it lacks.
   */
  private onTopic(question: string, best: ArticleCandidate): boolean {
    const text = `${best.doc.title}\n${candidateText(best)}`;
    const titles = [...this.corpus().docs.values()].map((d) => d.title);
    return (
      unknownDocumentNamed(question, titles) === undefined &&
      outOfScopeIndustry(question, text) === undefined &&
      answersQuantity(question, candidateText(best))
    );
  }

  /** LLM answer with checked citations; undefined means "fall back to the offline answer". */
  private async askLlm(question: string, sources: SourceArticle[], locale: Locale, notes: string[]): Promise<Answer | undefined> {
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
