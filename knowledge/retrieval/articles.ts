import type { ChunkHit } from '../corpus/corpus-index.js';
import type { ChunkRecord, DocRecord } from '../corpus/records.js';
import type { HandbookItem } from '../types.js';
import type { ArticleRole } from './article-role.js';

/** One article (or handbook item) assembled from the chunks retrieval found for it. */
export interface ArticleCandidate {
  doc: DocRecord;
  article: string;
  chunks: ChunkRecord[];
  /** Best fused score of its chunks. */
  score: number;
  /** Best raw BM25 score and vector similarity of its chunks (0 when found only through the handbook). */
  bm25?: number;
  similarity?: number;
  /** Set when the document is repealed: title of the repealing document, or null. */
  repealedBy?: string | null;
  /** Coverage of the question's concepts, filled in by ranking. */
  coverage?: number;
  /** Handbook items that led retrieval to this article. */
  via?: HandbookItem[];
  /** Set when the article was put first as the one defining, commencing or motivating what is asked (article-role.ts). */
  role?: ArticleRole;
}

export function articleKey(docKey: string, article: string): string {
  return `${docKey}|${article}`;
}

/** Long articles are stored as several chunks; citations and answers work per article. */
export function groupByArticle(hits: ChunkHit[], repealedBy: (docKey: string) => string | null | undefined): ArticleCandidate[] {
  const byKey = new Map<string, ArticleCandidate>();
  for (const h of hits) {
    const key = articleKey(h.doc.key, h.chunk.article);
    const existing = byKey.get(key);
    if (existing) {
      existing.chunks.push(h.chunk);
      existing.score = Math.max(existing.score, h.score);
      existing.bm25 = Math.max(existing.bm25 ?? 0, h.bm25);
      existing.similarity = Math.max(existing.similarity ?? 0, h.similarity);
      continue;
    }
    const candidate: ArticleCandidate = { doc: h.doc, article: h.chunk.article, chunks: [h.chunk], score: h.score, bm25: h.bm25, similarity: h.similarity };
    const by = repealedBy(h.doc.key);
    if (by !== undefined) candidate.repealedBy = by;
    byKey.set(key, candidate);
  }
  return [...byKey.values()];
}

/** Texts of chunk lists already assembled (the ranker reuses one list per article across questions). */
const texts = new WeakMap<ChunkRecord[], string>();

/** Full text of the article: its chunks in document order, the repeated lead-in shown once. */
export function candidateText(c: ArticleCandidate): string {
  let text = texts.get(c.chunks);
  if (text === undefined) texts.set(c.chunks, (text = assemble(c)));
  return text;
}

function assemble(c: ArticleCandidate): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  const ordered = [...c.chunks].sort((a, b) => chunkSeq(a) - chunkSeq(b));
  for (const chunk of ordered) {
    for (const line of chunk.text.split('\n')) {
      if (!seen.has(line)) {
        seen.add(line);
        lines.push(line);
      }
    }
  }
  return lines.join('\n');
}

function chunkSeq(c: ChunkRecord): number {
  return Number(c.id.slice(c.id.lastIndexOf('#') + 1));
}
