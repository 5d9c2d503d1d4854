import { join } from 'node:path';
import type { ChatOpenAI } from '@langchain/openai';
import { Answerer, type Diagnosis } from './answer/answerer.js';
import { loadDecisionParams, type DecisionParams } from './answer/decision.js';
import { createChatModel } from './answer/llm.js';
import { askWithGuards } from './answer/guards/index.js';
import { createEmbedder, type Embedder } from './embeddings/create-embeddings.js';
import { browseHandbook } from './handbook/browse.js';
import { loadHandbook, type Handbook } from './handbook/load-handbook.js';
import { ANCHOR_SPECIFICITY, HandbookMatcher } from './handbook/triage.js';
import { CorpusStore, type IngestOptions } from './ingest/corpus-store.js';
import { ArticleRanker } from './retrieval/article-ranker.js';
import { analyzeQuery } from './retrieval/query.js';
import { DirectoryIndexStorage } from './storage/directory-storage.js';
import type { IndexStorage } from './storage/index-storage.js';
import type {
  Answer,
  HandbookItem,
  IngestResult,
  KnowledgeBase,
  KnowledgeConfig,
  KnowledgeLogger,
  Locale,
  RetrievedArticle,
  TriageSuggestion,
} from './types.js';

/** Share of a report's informative content (see handbook/triage.ts) an item must explain to be suggested. */
const TRIAGE_MIN_COVERAGE = 0.35;
const TRIAGE_MAJOR_COVERAGE = 0.5;
const TRIAGE_MAJOR_RATIO = 0.9;

const silentLogger: KnowledgeLogger = { info: () => undefined, warn: () => undefined };

/**
 * Facade behind the public `KnowledgeBase` interface: ingest (ingest/corpus-store.ts), retrieval
 * (retrieval/article-ranker.ts) and answering (answer/answerer.ts) each live in their own module.
 */
export class KnowledgeBaseImpl implements KnowledgeBase {
  private readonly itemsById: Map<string, HandbookItem>;
  private readonly matcher: HandbookMatcher;
  private readonly store: CorpusStore;
  private readonly ranker: ArticleRanker;
  private readonly answerer: Answerer;

  constructor(
    storage: IndexStorage,
    embedder: Embedder,
    private readonly book: Handbook,
    chat: ChatOpenAI | undefined,
    logger: KnowledgeLogger,
    refreshIntervalMs: number,
    decision: DecisionParams,
  ) {
    this.itemsById = new Map(book.items.map((i) => [i.id, i]));
    this.matcher = new HandbookMatcher(book.items);
    this.store = new CorpusStore(storage, embedder, book, logger, refreshIntervalMs);
    const corpus = () => this.store.corpus;
    this.ranker = new ArticleRanker(corpus, this.itemsById, (err) => logger.warn({ err: String(err) }, 'vector search unavailable; using keywords only'));
    this.answerer = new Answerer(corpus, this.ranker, this.itemsById, chat, logger, decision);
  }

  open(): Promise<void> {
    return this.store.open();
  }

  async retrieve(question: string, limit = 10): Promise<RetrievedArticle[]> {
    await this.store.refresh();
    const ranked = await this.ranker.rankArticles(analyzeQuery(question));
    return ranked.slice(0, limit).map((c) => ({
      docTitle: c.doc.title,
      article: c.article,
      source: c.doc.source,
      score: c.score,
      repealed: c.repealedBy !== undefined,
    }));
  }

  /** The signals and outcome behind an answer (calibration and evaluation only; not part of `KnowledgeBase`). */
  async diagnose(question: string): Promise<Diagnosis> {
    await this.store.refresh();
    return this.answerer.diagnose(question);
  }

  async ask(question: string, opts: { locale?: Locale } = {}): Promise<Answer> {
    await this.store.refresh();
    return askWithGuards(question, opts.locale ?? 'zh-CN', {
      corpus: this.store.corpus,
      answer: (q, locale) => this.answerer.ask(q, locale),
      triage: (t) => this.triage(t),
    });
  }

  handbook(keyword: string, limit = 10): HandbookItem[] {
    return browseHandbook(this.book.items, keyword, limit);
  }

  handbookItem(id: string): HandbookItem | undefined {
    return this.itemsById.get(id);
  }

  async triage(description: string): Promise<TriageSuggestion> {
    const matches = this.matcher
      .match(description)
      .filter((m) => m.anchor >= ANCHOR_SPECIFICITY && m.coverage >= TRIAGE_MIN_COVERAGE)
      .slice(0, 3);
    const items = matches.map((m) => m.item);
    const basis = new Map(items.flatMap((i) => i.basis).map((b) => [`${b.docTitle}|${b.article}`, b]));
    // A weak, partial match to a major item, or one a better-matching ordinary item outranks, is a lead
    // for the official, not a "maybe major" flag.
    const top = matches[0]?.score ?? 0;
    const maybeMajor = matches.some((m) => m.item.major && m.coverage >= TRIAGE_MAJOR_COVERAGE && m.score >= TRIAGE_MAJOR_RATIO * top);
    return Promise.resolve({ items, maybeMajor, basis: [...basis.values()] });
  }

  ingest(paths: string[], opts: IngestOptions = {}): Promise<IngestResult> {
    return this.store.ingest(paths, opts);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export async function createKnowledgeBase(config: KnowledgeConfig): Promise<KnowledgeBase> {
  return openKnowledgeBase(config);
}

/** Internal: the knowledge base with `diagnose` (for the decision fit), optionally with other decision parameters. */
export async function openKnowledgeBase(config: KnowledgeConfig, decision: DecisionParams = loadDecisionParams()): Promise<KnowledgeBaseImpl> {
  const storage = config.storage ?? new DirectoryIndexStorage(join(config.dataDir ?? './data', 'knowledge'));
  const kb = new KnowledgeBaseImpl(
    storage,
    createEmbedder(config.llm),
    loadHandbook(),
    config.llm ? createChatModel(config.llm) : undefined,
    config.logger ?? silentLogger,
    config.refreshIntervalMs ?? 30_000,
    decision,
  );
  await kb.open();
  return kb;
}
