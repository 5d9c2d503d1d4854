export interface Bm25Hit {
  id: string;
  score: number;
}

/**
 * Okapi BM25 over pre-tokenised documents with incremental add/remove. Small enough to rebuild from the
 * stored chunk texts at start (tokenising 100 KB of Chinese takes ~10 ms), so it is not persisted.
 */
export class Bm25Index {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();
  private readonly termsOf = new Map<string, string[]>();
  private totalLength = 0;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  get size(): number {
    return this.lengths.size;
  }

  add(id: string, tokens: string[]): void {
    if (this.lengths.has(id)) this.remove(id);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = new Map()));
      p.set(id, n);
    }
    this.termsOf.set(id, [...tf.keys()]);
    this.lengths.set(id, tokens.length);
    this.totalLength += tokens.length;
  }

  remove(id: string): void {
    const len = this.lengths.get(id);
    if (len === undefined) return;
    for (const t of this.termsOf.get(id) ?? []) {
      const p = this.postings.get(t);
      if (p?.delete(id) && p.size === 0) this.postings.delete(t);
    }
    this.termsOf.delete(id);
    this.lengths.delete(id);
    this.totalLength -= len;
  }

  /** Smoothed IDF; a term absent from the corpus gets the IDF of a term seen in half a document. */
  idf(term: string, assumedDocs = 0.5): number {
    const n = this.postings.get(term)?.size ?? assumedDocs;
    const N = Math.max(this.lengths.size, 1);
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /** IDF of a term that occurs in exactly one document: the highest a known term can have. */
  get maxIdf(): number {
    return this.idf('\u0000', 1);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** `terms` maps each query term to a weight (expansion terms weigh less than the user's own words). */
  search(terms: Map<string, number>, limit: number, filter?: (id: string) => boolean): Bm25Hit[] {
    const avg = this.totalLength / Math.max(this.lengths.size, 1);
    const scores = new Map<string, number>();
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      for (const [id, tf] of p) {
        if (filter && !filter(id)) continue;
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths.get(id)!) / avg);
        scores.set(id, (scores.get(id) ?? 0) + weight * idf * ((tf * (this.k1 + 1)) / norm));
      }
    }
    return [...scores]
      .map(([id, score]) => ({ id, score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }
}
