import { Embeddings } from '@langchain/core/embeddings';
import { tokenize } from '../text/tokenizer.js';
import { cjkBigrams, normalizeForMatch } from '../text/normalize.js';

/** FNV-1a, 32 bit: fast, stable across runs and machines (the vectors are persisted). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Offline embedding that needs no model: jieba tokens and CJK character bigrams, feature-hashed into
 * `dimensions` signed buckets with sublinear term frequency, L2-normalised. Bigrams make it tolerant of
 * segmentation differences and one-character typos, which complements the exact-token BM25 half.
 */
export class LocalHashEmbeddings extends Embeddings {
  readonly dimensions: number;

  constructor(opts: { dimensions?: number } = {}) {
    super({});
    this.dimensions = opts.dimensions ?? 512;
  }

  /** Identifies the vector space: a persisted index built with another id must be re-embedded. */
  get id(): string {
    return `local-hash-v1:${this.dimensions}`;
  }

  embedVector(text: string): number[] {
    const counts = new Map<string, number>();
    const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
    for (const t of tokenize(text)) add(`t:${t}`, 1);
    for (const b of cjkBigrams(normalizeForMatch(text))) add(`b:${b}`, 0.5);
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [feature, tf] of counts) {
      const h = fnv1a(feature);
      v[h % this.dimensions]! += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(tf));
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedVector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedVector(text);
  }
}
