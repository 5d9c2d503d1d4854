import { buildDocument, contentHash, handbookDocument, HANDBOOK_KEY } from '../corpus/build-document.js';
import { CorpusIndex } from '../corpus/corpus-index.js';
import type { Embedder } from '../embeddings/create-embeddings.js';
import type { Handbook } from '../handbook/load-handbook.js';
import { expandPaths, loadFile } from '../loaders/load-file.js';
import { articleNumberProblems, checkDuplicateArticles, checkTitle } from './document-checks.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import type { IndexStorage } from '../storage/index-storage.js';
import { readManifest, readSnapshot, writeSnapshot, type Manifest } from '../storage/snapshot.js';
import type { IngestResult, KnowledgeLogger } from '../types.js';

export type IngestOptions = { onProgress?: (done: number, total: number, file: string) => void; replace?: boolean };

/**
 * The ingest side of the knowledge base: owns the in-memory corpus, loads it from and publishes it to
 * storage, ingests files, and picks up versions other instances published. Retrieval reads `corpus`.
 */
export class CorpusStore {
  private current: CorpusIndex;
  private version = 0;
  private lastRefreshCheck = Date.now();
  /** Serialises index writes (ingest, background embedding, reload) within this instance. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: IndexStorage,
    private readonly embedder: Embedder,
    private readonly book: Handbook,
    private readonly logger: KnowledgeLogger,
    private readonly refreshIntervalMs: number,
  ) {
    this.current = new CorpusIndex(embedder);
  }

  get corpus(): CorpusIndex {
    return this.current;
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
    const handbookChanged = this.current.docs.get(HANDBOOK_KEY)?.hash !== this.book.hash;
    if (handbookChanged) {
      const { doc, chunks } = handbookDocument(this.book);
      this.current.upsert(doc, chunks);
    }
    if (this.current.pendingCount === 0 && !handbookChanged) return;
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
    this.current = CorpusIndex.restore(this.embedder, snap.docs, snap.chunks, vectors);
    this.version = manifest.version;
  }

  /** Embeds whatever is pending and publishes a new index version; failures leave chunks BM25-only. */
  private async embedAndPersist(): Promise<void> {
    try {
      await this.current.embedPending();
    } catch (err) {
      this.logger.warn({ err: String(err), pending: this.current.pendingCount }, 'embedding failed; those chunks are searchable by keywords only until the next ingest');
    }
    try {
      const manifest = await writeSnapshot(this.storage, {
        docs: [...this.current.docs.values()],
        chunks: [...this.current.chunks.values()],
        vectors: await this.current.vectorIndex.toBytes(),
        embedder: this.embedder.id,
        ...(this.current.vectorIndex.dimensions ? { dimensions: this.current.vectorIndex.dimensions } : {}),
      });
      this.version = manifest.version;
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'could not persist the knowledge index; it stays in memory');
    }
  }

  /** Picks up an index another instance published (checked at most every refreshIntervalMs). */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefreshCheck < this.refreshIntervalMs) return;
    this.lastRefreshCheck = Date.now();
    try {
      const manifest = await readManifest(this.storage);
      if (manifest && manifest.version > this.version) await this.load(manifest);
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'could not check for a newer knowledge index');
    }
  }

  ingest(paths: string[], opts: IngestOptions = {}): Promise<IngestResult> {
    return this.exclusive(async () => {
      await this.refresh(true);
      const files = await expandPaths(paths);
      const result: IngestResult = { added: 0, replaced: 0, skipped: 0, chunks: 0, failed: [], warnings: [], flagged: [] };
      for (const [i, f] of files.entries()) {
        try {
          const loaded = await loadFile(f.path, f.key);
          const hash = contentHash(loaded.bytes);
          const existing = this.current.docs.get(f.key);
          if (existing?.hash === hash || this.current.findByHash(hash)) {
            result.skipped++;
          } else {
            const deduped = checkDuplicateArticles(loaded.text, opts);
            const { doc, chunks } = await buildDocument({ ...loaded, text: deduped.text });
            if (chunks.length === 0) throw new Error('没有可收录的正文（只有标题或空白）：请补全条文后再导入');
            const title = checkTitle(doc, chunks, this.current, opts);
            const warn = (message: string) => result.warnings.push({ file: f.path, message });
            loaded.warnings.forEach(warn);
            if (deduped.duplicates.length) warn(`条号重复（${deduped.duplicates.join('、')}），按 --replace 保留了每条最后出现的文字`);
            const numbering = articleNumberProblems(deduped.text);
            if (numbering.length) warn(`条号不连续（${numbering.slice(0, 5).join('；')}${numbering.length > 5 ? '等' : ''}），已照原文收录：请核对是否漏了或错排了条文`);
            if (title.kind === 'same-text') {
              warn(`与已收录的“${this.current.docs.get(title.key)?.source ?? title.key}”内容相同，未重复收录`);
              result.skipped++;
              opts.onProgress?.(i + 1, files.length, f.path);
              continue;
            }
            if (title.kind === 'replaces') {
              warn(`按 --replace 取代了已收录的“${this.current.docs.get(title.key)?.source ?? title.key}”${title.articles.length ? `（不同条文：${title.articles.slice(0, 10).join('、')}）` : ''}`);
              this.current.remove(title.key);
            }
            if (chunks.every((c) => /^第\d+段$/.test(c.article))) warn('未识别到“第X条”格式的条文，已按段落收录（引用时显示为“第N段”）：如是法规原文，请核对格式');
            for (const text of loaded.flagged) result.flagged.push({ file: f.path, text });
            this.current.upsert(doc, chunks);
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
