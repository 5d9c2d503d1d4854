import { join } from 'node:path';
import type { ChatOpenAI } from '@langchain/openai';
import { checkCitations, type SourceArticle } from './answer/citations.js';
import { askModel, createChatModel, NO_ANSWER } from './answer/llm.js';
import { messages } from './answer/messages.js';
import { offlineAnswer, refusal, type OfflineSource } from './answer/offline.js';
import { buildDocument, contentHash, handbookDocument, HANDBOOK_KEY } from './corpus/build-document.js';
import { CorpusIndex } from './corpus/corpus-index.js';
import { createEmbedder, type Embedder } from './embeddings/create-embeddings.js';
import { browseHandbook } from './handbook/browse.js';
import { loadHandbook, type Handbook } from './handbook/load-handbook.js';
import { ANCHOR_SPECIFICITY, HandbookMatcher } from './handbook/triage.js';
import { expandPaths, loadFile } from './loaders/load-file.js';
import { articleKey, candidateText, groupByArticle, type ArticleCandidate } from './retrieval/articles.js';
import { answersQuantity, conceptCoverage } from './retrieval/confidence.js';
import { analyzeQuery, type AnalyzedQuery } from './retrieval/query.js';
import { outOfScopeIndustry, unknownDocumentNamed } from './retrieval/scope.js';
import { VectorIndex } from './retrieval/vector-index.js';
import { DirectoryIndexStorage } from './storage/directory-storage.js';
import type { IndexStorage } from './storage/index-storage.js';
import { readManifest, readSnapshot, writeSnapshot, type Manifest } from './storage/snapshot.js';
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

/** Below this share of the question's (IDF-weighted) concepts found in the best article, refuse. */
export const MIN_COVERAGE = 0.5;
/** With a model the bar to *ask* it is lower: it can still decline, and it reads paraphrases better. */
const LLM_MIN_COVERAGE = 0.35;
/** Other articles are quoted alongside the best one only when nearly as good. */
const SECOND_ARTICLE_RATIO = 0.85;
const MAX_QUOTED = 3;
const MAX_LLM_SOURCES = 6;
/** Share of a report's informative content (see handbook/triage.ts) an item must explain to be suggested. */
const TRIAGE_MIN_COVERAGE = 0.35;
const TRIAGE_MAJOR_COVERAGE = 0.5;
const TRIAGE_MAJOR_RATIO = 0.9;
/** Handbook items this high in the ranking lend their rank to the articles they cite. */
const BRIDGE_TOP = 5;
const BRIDGE_DISCOUNT = 0.95;

function baseArticle(label: string): string {
  return /^第.+?条/.exec(label)?.[0] ?? label;
}

function normalizeTitle(t: string): string {
  return t.replace(/[\s\u3000《》]/g, '').replace(/^中华人民共和国/, '');
}

const silentLogger: KnowledgeLogger = { info: () => undefined, warn: () => undefined };

class KnowledgeBaseImpl implements KnowledgeBase {
  private corpus: CorpusIndex;
  private version = 0;
  private lastRefreshCheck = Date.now();
  /** Serialises index writes (ingest, background embedding, reload) within this instance. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly itemsById: Map<string, HandbookItem>;
  private readonly matcher: HandbookMatcher;

  constructor(
    private readonly storage: IndexStorage,
    private readonly embedder: Embedder,
    private readonly book: Handbook,
    private readonly chat: ChatOpenAI | undefined,
    private readonly logger: KnowledgeLogger,
    private readonly refreshIntervalMs: number,
  ) {
    this.corpus = new CorpusIndex(embedder);
    this.itemsById = new Map(book.items.map((i) => [i.id, i]));
    this.matcher = new HandbookMatcher(book.items);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async open(): Promise<void> {
    const manifest = await readManifest(this.storage).catch((err: unknown) => {
      this.logger.warn({ err: String(err) }, 'knowledge index manifest unreadable; starting from the shipped handbook');
      return null;
    });
    if (manifest) await this.load(manifest);
    const handbookChanged = this.corpus.docs.get(HANDBOOK_KEY)?.hash !== this.book.hash;
    if (handbookChanged) {
      const { doc, chunks } = handbookDocument(this.book);
      this.corpus.upsert(doc, chunks);
    }
    if (this.corpus.pendingCount === 0 && !handbookChanged) return;
    // Local embeddings take milliseconds; a remote API must not delay start-up, so it runs behind.
    const work = this.exclusive(() => this.embedAndPersist());
    if (this.embedder.local) await work;
  }

  private async load(manifest: Manifest): Promise<void> {
    const snap = await readSnapshot(this.storage, manifest);
    const sameSpace = manifest.embedder === this.embedder.id && snap.vectors && manifest.dimensions;
    const vectors = sameSpace
      ? await VectorIndex.fromBytes(
          snap.vectors!,
          manifest.dimensions!,
          this.embedder.embeddings,
          snap.chunks.filter((c) => c.label !== undefined).map((c) => ({ label: c.label!, chunkId: c.id })),
        )
      : undefined;
    if (!sameSpace) this.logger.info({ from: manifest.embedder, to: this.embedder.id }, 'embedding model changed; re-embedding the index');
    this.corpus = CorpusIndex.restore(this.embedder, snap.docs, snap.chunks, vectors);
    this.version = manifest.version;
  }

  /** Embeds whatever is pending and publishes a new index version; failures leave chunks BM25-only. */
  private async embedAndPersist(): Promise<void> {
    try {
      await this.corpus.embedPending();
    } catch (err) {
      this.logger.warn({ err: String(err), pending: this.corpus.pendingCount }, 'embedding failed; those chunks are searchable by keywords only until the next ingest');
    }
    try {
      const manifest = await writeSnapshot(this.storage, {
        docs: [...this.corpus.docs.values()],
        chunks: [...this.corpus.chunks.values()],
        vectors: await this.corpus.vectorIndex.toBytes(),
        embedder: this.embedder.id,
        ...(this.corpus.vectorIndex.dimensions ? { dimensions: this.corpus.vectorIndex.dimensions } : {}),
      });
      this.version = manifest.version;
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'could not persist the knowledge index; it stays in memory');
    }
  }

  /** Picks up an index another instance published (checked at most every refreshIntervalMs). */
  private async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefreshCheck < this.refreshIntervalMs) return;
    this.lastRefreshCheck = Date.now();
    try {
      const manifest = await readManifest(this.storage);
      if (manifest && manifest.version > this.version) await this.load(manifest);
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'could not check for a newer knowledge index');
    }
  }

  private async rank(q: AnalyzedQuery, filter?: (handbook: boolean) => boolean): Promise<ArticleCandidate[]> {
    const hits = await this.corpus.search(q, {
      limit: 60,
      ...(filter ? { filter: (c) => filter(c.handbookId !== undefined) } : {}),
      onVectorError: (err) => this.logger.warn({ err: String(err) }, 'vector search unavailable; using keywords only'),
    });
    const candidates = groupByArticle(hits, (k) => this.corpus.repealedBy(k));
    const top = candidates[0]?.score ?? 1;
    for (const c of candidates) {
      // Quote and judge whole articles, not just the chunk that matched.
      c.chunks = c.doc.chunkIds.map((id) => this.corpus.chunks.get(id)!).filter((ch) => ch.article === c.article);
      c.coverage = conceptCoverage(q.concepts, `${c.doc.title}\n${c.chunks[0]?.chapter ?? ''}\n${candidateText(c)}`, (t) => this.corpus.conceptWeight(t));
      c.score = 0.5 * (c.score / top) + 0.5 * c.coverage;
    }
    return candidates.sort((a, b) => b.score - a.score);
  }

  private articleCandidate(docKey: string, article: string, q: AnalyzedQuery): ArticleCandidate | undefined {
    const doc = this.corpus.docs.get(docKey);
    const chunks = doc?.chunkIds.map((id) => this.corpus.chunks.get(id)!).filter((c) => c.article === article) ?? [];
    if (!doc || chunks.length === 0) return undefined;
    const c: ArticleCandidate = { doc, article, chunks, score: 0 };
    c.coverage = conceptCoverage(q.concepts, `${doc.title}\n${chunks[0]?.chapter ?? ''}\n${candidateText(c)}`, (t) => this.corpus.conceptWeight(t));
    return c;
  }

  /**
   * Ranking for answers: regulation articles only, once any regulation is ingested. The handbook is
   * written in everyday words, so a colloquial question often matches an item best; the item then
   * lends its rank (and its match with the question) to the articles it cites as its basis.
   */
  private async rankArticles(q: AnalyzedQuery): Promise<ArticleCandidate[]> {
    const ranked = await this.rank(q);
    const regulations = [...this.corpus.docs.values()].filter((d) => d.kind === 'regulation' && !this.corpus.isRepealed(d.key));
    if (regulations.length === 0) return ranked;
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
    return [...byKey.values()].sort((a, b) => b.score - a.score);
  }

  async retrieve(question: string, limit = 10): Promise<RetrievedArticle[]> {
    await this.refresh();
    const ranked = await this.rankArticles(analyzeQuery(question));
    return ranked.slice(0, limit).map((c) => ({
      docTitle: c.doc.title,
      article: c.article,
      source: c.doc.source,
      score: c.score,
      repealed: c.repealedBy !== undefined,
    }));
  }

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

  async ask(question: string, opts: { locale?: Locale } = {}): Promise<Answer> {
    const locale = opts.locale ?? 'zh-CN';
    await this.refresh();
    const q = analyzeQuery(question);
    const ranked = await this.rankArticles(q);
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
      idf: (t) => this.corpus.conceptWeight(t),
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
    const titles = [...this.corpus.docs.values()].map((d) => d.title);
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

  ingest(paths: string[], opts: { onProgress?: (done: number, total: number, file: string) => void } = {}): Promise<IngestResult> {
    return this.exclusive(async () => {
      await this.refresh(true);
      const files = await expandPaths(paths);
      const result: IngestResult = { added: 0, replaced: 0, skipped: 0, chunks: 0, failed: [] };
      for (const [i, f] of files.entries()) {
        try {
          const loaded = await loadFile(f.path, f.key);
          const hash = contentHash(loaded.bytes);
          const existing = this.corpus.docs.get(f.key);
          if (existing?.hash === hash || this.corpus.findByHash(hash)) {
            result.skipped++;
          } else {
            const { doc, chunks } = await buildDocument(loaded);
            if (chunks.length === 0) throw new Error('no text could be extracted');
            this.corpus.upsert(doc, chunks);
            result.chunks += chunks.length;
            if (existing) result.replaced++;
            else result.added++;
          }
        } catch (err) {
          result.failed.push({ file: f.path, error: err instanceof Error ? err.message : String(err) });
          this.logger.warn({ file: f.path, err: String(err) }, 'could not ingest file');
        }
        opts.onProgress?.(i + 1, files.length, f.path);
      }
      if (result.added + result.replaced > 0) await this.embedAndPersist();
      return result;
    });
  }

  async close(): Promise<void> {
    await this.queue;
  }
}

export async function createKnowledgeBase(config: KnowledgeConfig): Promise<KnowledgeBase> {
  const storage = config.storage ?? new DirectoryIndexStorage(join(config.dataDir ?? './data', 'knowledge'));
  const kb = new KnowledgeBaseImpl(
    storage,
    createEmbedder(config.llm),
    loadHandbook(),
    config.llm ? createChatModel(config.llm) : undefined,
    config.logger ?? silentLogger,
    config.refreshIntervalMs ?? 30_000,
  );
  await kb.open();
  return kb;
}
