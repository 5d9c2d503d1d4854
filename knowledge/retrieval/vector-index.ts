import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import hnswlib from 'hnswlib-node';

export interface VectorHit {
  chunkId: string;
  /** Cosine similarity (hnswlib reports the distance 1 − similarity). */
  similarity: number;
}

/** hnswlib-node reads and writes files only; blobs go through a private temp dir. */
async function withTempFile<T>(fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-hnsw-'));
  try {
    return await fn(join(dir, 'hnswlib.index'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * LangChain's HNSWLib plus what it lacks for an incrementally updated index: per-chunk removal
 * (hnswlib `markDelete`), blob (de)serialisation, and a search depth `ef` high enough for good recall.
 * Each vector's label is stored in the chunk record so the label → chunk map can be rebuilt on load.
 */
export class VectorIndex {
  private store: HNSWLib | undefined;
  private liveCount = 0;

  constructor(
    private readonly embeddings: EmbeddingsInterface,
    private readonly ef = 80,
  ) {}

  get size(): number {
    return this.liveCount;
  }

  get dimensions(): number | undefined {
    return this.store?.args.numDimensions;
  }

  /** Share of the graph taken by removed vectors; worth a rebuild when high. */
  get deletedFraction(): number {
    const total = this.store?._index?.getCurrentCount() ?? 0;
    return total === 0 ? 0 : (total - this.liveCount) / total;
  }

  /** Adds vectors; returns the label given to each (in order). */
  async add(items: Array<{ chunkId: string; vector: number[] }>): Promise<number[]> {
    if (items.length === 0) return [];
    this.store ??= new HNSWLib(this.embeddings, { space: 'cosine', numDimensions: items[0]!.vector.length });
    // HNSWLib labels new points from the current count, deleted points included.
    const first = this.store._index?.getCurrentCount() ?? 0;
    await this.store.addVectors(
      items.map((i) => i.vector),
      items.map((i) => new Document({ pageContent: '', metadata: { chunkId: i.chunkId } })),
    );
    this.store.index.setEf(this.ef);
    this.liveCount += items.length;
    return items.map((_, i) => first + i);
  }

  remove(label: number): void {
    if (!this.store) return;
    this.store.index.markDelete(label);
    this.store.docstore._docs.delete(String(label));
    this.liveCount -= 1;
  }

  async search(vector: number[], k: number): Promise<VectorHit[]> {
    if (!this.store || this.liveCount === 0) return [];
    const results = await this.store.similaritySearchVectorWithScore(vector, Math.min(k, this.liveCount));
    return results.map(([doc, distance]) => ({ chunkId: String(doc.metadata.chunkId), similarity: 1 - distance }));
  }

  /** Every live vector with its chunk id (used to rebuild a compact index). */
  entries(): Array<{ chunkId: string; vector: number[] }> {
    if (!this.store) return [];
    const index = this.store.index;
    return [...this.store.docstore._docs].map(([label, doc]) => ({
      chunkId: String(doc.metadata.chunkId),
      vector: index.getPoint(Number(label)),
    }));
  }

  async toBytes(): Promise<Uint8Array | null> {
    const store = this.store;
    if (!store) return null;
    return withTempFile(async (file) => {
      await store.index.writeIndex(file);
      return readFile(file);
    });
  }

  static async fromBytes(
    bytes: Uint8Array,
    dimensions: number,
    embeddings: EmbeddingsInterface,
    labels: Array<{ label: number; chunkId: string }>,
    ef?: number,
  ): Promise<VectorIndex> {
    const out = new VectorIndex(embeddings, ef);
    const index = await withTempFile(async (file) => {
      await writeFile(file, bytes);
      const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
      await hnsw.readIndex(file);
      return hnsw;
    });
    index.setEf(out.ef);
    const docs = new Map(labels.map((l) => [String(l.label), new Document({ pageContent: '', metadata: { chunkId: l.chunkId } })]));
    out.store = new HNSWLib(embeddings, {
      space: 'cosine',
      numDimensions: dimensions,
      index,
      docstore: new SynchronousInMemoryDocstore(docs),
    });
    out.liveCount = labels.length;
    return out;
  }
}
