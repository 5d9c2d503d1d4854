import type { Embedder } from '../embeddings/create-embeddings.js';
import { Bm25Index } from '../retrieval/bm25.js';
import { spelledOut } from '../retrieval/confidence.js';
import { reciprocalRankFusion } from '../retrieval/hybrid.js';
import type { AnalyzedQuery } from '../retrieval/query.js';
import { repealedDocuments } from '../retrieval/repeal.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenizer.js';
import type { ChunkRecord, DocRecord } from './records.js';

export interface ChunkHit {
  chunk: ChunkRecord;
  doc: DocRecord;
  /** RRF score. */
  score: number;
  bm25Rank?: number;
  vectorRank?: number;
  /** Raw BM25 score of the chunk (0 when only the vector half found it): a signal for the answer decision. */
  bm25: number;
  /** Cosine similarity to the question (0 when only BM25 found it). */
  similarity: number;
}

/** Candidates taken from each half before fusion. */
const CANDIDATES = 50;
/** Weight of a question word the corpus never uses, relative to the rarest known term. */
const OOV_WEIGHT = 0.6;
/** Rebuild the HNSW graph once this share of it is removed vectors. */
const COMPACT_AT = 0.3;

/** Text both halves index: the title and chapter give every article its document's context. */
function indexText(doc: DocRecord, c: ChunkRecord): string {
  return [doc.title, c.chapter, c.text].filter(Boolean).join('\n');
}

/**
 * Documents, their chunks, and the two retrieval halves (BM25 over jieba tokens, HNSW over embeddings)
 * kept in step. Chunks whose vector could not be computed yet stay BM25-only until `embedPending`.
 */
export class CorpusIndex {
  readonly docs = new Map<string, DocRecord>();
  readonly chunks = new Map<string, ChunkRecord>();
  private readonly bm25 = new Bm25Index();
  private vectors: VectorIndex;
  private repealCache: Map<string, string | null> | undefined;
  private textCache: string | undefined;

  constructor(
    readonly embedder: Embedder,
    vectors?: VectorIndex,
  ) {
    this.vectors = vectors ?? new VectorIndex(embedder.embeddings);
  }

  /** Restores a persisted corpus; vectors are kept only for chunks whose label the snapshot recorded. */
  static restore(embedder: Embedder, docs: DocRecord[], chunks: ChunkRecord[], vectors?: VectorIndex): CorpusIndex {
    const corpus = new CorpusIndex(embedder, vectors);
    for (const d of docs) corpus.docs.set(d.key, d);
    for (const c of chunks) {
      const doc = corpus.docs.get(c.docKey);
      if (!doc) continue;
      if (!vectors) delete c.label;
      corpus.chunks.set(c.id, c);
      corpus.bm25.add(c.id, tokenize(indexText(doc, c)));
    }
    return corpus;
  }

  get vectorIndex(): VectorIndex {
    return this.vectors;
  }

  findByHash(hash: string): DocRecord | undefined {
    for (const d of this.docs.values()) if (d.hash === hash) return d;
    return undefined;
  }

  /** Adds or replaces a document with its chunks (vectors are computed by `embedPending`). */
  upsert(doc: Omit<DocRecord, 'chunkIds'>, chunks: Array<Omit<ChunkRecord, 'id' | 'docKey'>>): void {
    this.remove(doc.key);
    const record: DocRecord = { ...doc, chunkIds: [] };
    this.docs.set(doc.key, record);
    chunks.forEach((c, i) => {
      const chunk: ChunkRecord = { ...c, id: `${doc.key}#${i}`, docKey: doc.key };
      record.chunkIds.push(chunk.id);
      this.chunks.set(chunk.id, chunk);
      this.bm25.add(chunk.id, tokenize(indexText(record, chunk)));
    });
    this.repealCache = undefined;
    this.textCache = undefined;
  }

  remove(key: string): void {
    const doc = this.docs.get(key);
    if (!doc) return;
    for (const id of doc.chunkIds) {
      const c = this.chunks.get(id);
      if (c?.label !== undefined) this.vectors.remove(c.label);
      this.chunks.delete(id);
      this.bm25.remove(id);
    }
    this.docs.delete(key);
    this.repealCache = undefined;
    this.textCache = undefined;
  }

  get pendingCount(): number {
    let n = 0;
    for (const c of this.chunks.values()) if (c.label === undefined) n++;
    return n;
  }

  /** Embeds chunks that have no vector yet; throws (leaving them pending) if the embeddings API fails. */
  async embedPending(): Promise<number> {
    if (this.vectors.deletedFraction >= COMPACT_AT) await this.compact();
    const pending = [...this.chunks.values()].filter((c) => c.label === undefined);
    if (pending.length === 0) return 0;
    const vectors = await this.embedder.embeddings.embedDocuments(pending.map((c) => indexText(this.docs.get(c.docKey)!, c)));
    const labels = await this.vectors.add(pending.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })));
    pending.forEach((c, i) => (c.label = labels[i]));
    return pending.length;
  }

  /** hnswlib only marks removed points; rebuilding drops them for good. */
  private async compact(): Promise<void> {
    const entries = this.vectors.entries();
    this.vectors = new VectorIndex(this.embedder.embeddings);
    const labels = await this.vectors.add(entries);
    entries.forEach((e, i) => {
      const c = this.chunks.get(e.chunkId);
      if (c) c.label = labels[i];
    });
  }

  idf(term: string): number {
    return this.bm25.idf(term);
  }

  /** Whether any indexed chunk contains the term. */
  knows(term: string): boolean {
    return this.bm25.has(term);
  }

  /** Whether the indexed text has the word, or spells it out as an abbreviation does (安评 ← 安全评价). */
  uses(word: string): boolean {
    this.textCache ??= normalizeForMatch([...this.chunks.values()].map((c) => indexText(this.docs.get(c.docKey)!, c)).join('\n'));
    const w = normalizeForMatch(word);
    return this.textCache.includes(w) || (w.length >= 2 && w.length <= 4 && spelledOut(w, this.textCache));
  }

  /**
   * Weight of a question word when judging coverage. A word the corpus never uses is as likely to be
   * colloquial filler (一直, 别人) as a decisive topic (增值税), so it weighs like a moderately rare
   * term rather than the rarest possible one.
   */
  conceptWeight(term: string): number {
    return this.bm25.has(term) ? this.bm25.idf(term) : OOV_WEIGHT * this.bm25.maxIdf;
  }

  /** Title of the repealing document, null if repealed by its own declaration, undefined if in force. */
  repealedBy(docKey: string): string | null | undefined {
    this.repealCache ??= repealedDocuments(this.docs.values());
    return this.repealCache.get(docKey);
  }

  isRepealed(docKey: string): boolean {
    return this.repealedBy(docKey) !== undefined;
  }

  /**
   * Hybrid search: BM25 and vector candidates fused by reciprocal rank. A failing embeddings call
   * degrades to BM25 alone (reported through `onVectorError`) rather than failing the question.
   */
  async search(
    q: AnalyzedQuery,
    opts: { limit: number; filter?: (c: ChunkRecord) => boolean; onVectorError?: (err: unknown) => void },
  ): Promise<ChunkHit[]> {
    const keep = opts.filter ? (id: string) => opts.filter!(this.chunks.get(id)!) : undefined;
    const lexical = this.bm25.search(q.terms, CANDIDATES, keep);
    let semantic: Array<{ id: string; similarity: number }> = [];
    if (this.vectors.size > 0) {
      try {
        const vector = await this.embedder.embeddings.embedQuery(q.expandedText);
        const hits = await this.vectors.search(vector, CANDIDATES * 2);
        semantic = hits.map((h) => ({ id: h.chunkId, similarity: h.similarity })).filter((h) => this.chunks.has(h.id) && (!keep || keep(h.id)));
        semantic = semantic.slice(0, CANDIDATES);
      } catch (err) {
        opts.onVectorError?.(err);
      }
    }
    const fused = reciprocalRankFusion([lexical, semantic]);
    const lexRank = new Map(lexical.map((h, i) => [h.id, i + 1]));
    const vecRank = new Map(semantic.map((h, i) => [h.id, i + 1]));
    const lexScore = new Map(lexical.map((h) => [h.id, h.score]));
    const vecScore = new Map(semantic.map((h) => [h.id, h.similarity]));
    return [...fused]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.limit)
      .map(([id, score]) => {
        const chunk = this.chunks.get(id)!;
        const hit: ChunkHit = { chunk, doc: this.docs.get(chunk.docKey)!, score, bm25: lexScore.get(id) ?? 0, similarity: vecScore.get(id) ?? 0 };
        if (lexRank.has(id)) hit.bm25Rank = lexRank.get(id)!;
        if (vecRank.has(id)) hit.vectorRank = vecRank.get(id)!;
        return hit;
      });
  }
}
