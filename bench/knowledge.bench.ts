// Knowledge retrieval benchmark: HNSW (LangChain HNSWLib over hnswlib-node) vs exact search at 1k/10k/100k
// synthetic chunks (latency, recall@10), plus ingestion time per 100 articles and start-up time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalHashEmbeddings } from '../knowledge/embeddings/local-hash.js';
import { VectorIndex } from '../knowledge/retrieval/vector-index.js';
import { createKnowledgeBase, DirectoryIndexStorage } from '../knowledge/index.js';

const SIZES = [1_000, 10_000, 100_000];
const QUERIES = 200;
const K = 10;

/** Deterministic PRNG so every run benchmarks the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SUBJECTS = ['工贸企业', '冶金企业', '有色企业', '机械企业', '轻工企业', '建材企业', '生产经营单位', '承包单位', '监护人员', '主要负责人', '作业人员', '安全生产管理人员'];
const OBJECTS = ['煤气柜', '除尘器', '干式除尘系统', '有限空间', '液氨制冷系统', '熔炼炉', '钢水罐', '吊运跨', '调漆间', '喷漆室', '储罐', '污水池', '燃气总管', '水冷元件', '筒型储库', '锂电池仓库', '热媒炉', '速冻间', '酒库', '煤粉仓'];
const DUTIES = ['应当设置固定式一氧化碳浓度监测报警装置', '应当采取泄爆、惰化、抑爆等措施', '应当先通风、再检测、后作业', '应当安排专人进行现场安全管理', '应当定期检测并记录', '不得设置人员聚集场所', '应当与紧急切断装置联锁', '应当经培训合格后上岗', '应当制定现场处置方案并演练', '应当及时清理积尘'];

function sentence(r: () => number): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  return `${pick(SUBJECTS)}的${pick(OBJECTS)}${pick(DUTIES)}，${pick(OBJECTS)}${pick(DUTIES)}。`;
}

function syntheticChunks(n: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => `第${i + 1}条\u3000${sentence(r)}${sentence(r)}`);
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function exactTopK(matrix: Float32Array, dims: number, q: number[], k: number): number[] {
  const n = matrix.length / dims;
  const best: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const off = i * dims;
    for (let d = 0; d < dims; d++) dot += matrix[off + d]! * q[d]!;
    if (best.length < k || dot > best[best.length - 1]![1]) {
      best.push([i, dot]);
      best.sort((a, b) => b[1] - a[1]);
      if (best.length > k) best.pop();
    }
  }
  return best.map(([i]) => i);
}

async function vectorBench(n: number, emb: LocalHashEmbeddings): Promise<string> {
  const texts = syntheticChunks(n, n);
  let t0 = performance.now();
  const vectors = await emb.embedDocuments(texts);
  const embedMs = performance.now() - t0;
  const index = new VectorIndex(emb);
  t0 = performance.now();
  for (let i = 0; i < n; i += 10_000) await index.add(vectors.slice(i, i + 10_000).map((vector, j) => ({ chunkId: String(i + j), vector })));
  const buildMs = performance.now() - t0;
  const matrix = new Float32Array(n * emb.dimensions);
  vectors.forEach((v, i) => matrix.set(v, i * emb.dimensions));

  const queries = await emb.embedDocuments(syntheticChunks(QUERIES, 7 * n + 1).map((t) => t.slice(0, 40)));
  const hnswMs: number[] = [];
  const exactMs: number[] = [];
  let recall = 0;
  for (const q of queries) {
    let s = performance.now();
    const approx = await index.search(q, K);
    hnswMs.push(performance.now() - s);
    s = performance.now();
    const exact = exactTopK(matrix, emb.dimensions, q, K);
    exactMs.push(performance.now() - s);
    const truth = new Set(exact.map(String));
    recall += approx.filter((h) => truth.has(h.chunkId)).length / K;
  }
  const f = (x: number) => x.toFixed(2);
  return `| ${n.toLocaleString('en')} | ${f(pct(hnswMs, 50))} / ${f(pct(hnswMs, 95))} | ${f(pct(exactMs, 50))} / ${f(pct(exactMs, 95))} | ${(recall / QUERIES).toFixed(3)} | ${(buildMs / 1000).toFixed(1)} s | ${(embedMs / 1000).toFixed(1)} s |`;
}

function syntheticRegulation(articles: number, seed: number): string {
  const r = rng(seed);
  const lines = ['---', `title: 合成测试规定${seed}`, `document_number: 合成令第${seed}号`, 'effective_date: 2026-01-01', '---', `# 合成测试规定${seed}`];
  for (let i = 1; i <= articles; i++) {
    if (i % 20 === 1) lines.push('', `## 第${Math.ceil(i / 20)}章 合成章节`);
    lines.push('', `第${i}条\u3000${sentence(r)}`);
    if (i % 3 === 0) lines.push(`（一）${sentence(r)}`, `（二）${sentence(r)}`);
  }
  return lines.join('\n');
}

async function ingestBench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-bench-'));
  try {
    let t0 = performance.now();
    const fresh = await createKnowledgeBase({ storage: new DirectoryIndexStorage(join(dir, 'index')) });
    const coldStartMs = performance.now() - t0;
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const file = join(dir, `reg-${i}.md`);
      await writeFile(file, syntheticRegulation(100, i + 1));
      t0 = performance.now();
      await fresh.ingest([file]);
      runs.push(performance.now() - t0);
    }
    await fresh.close();
    t0 = performance.now();
    const reopened = await createKnowledgeBase({ storage: new DirectoryIndexStorage(join(dir, 'index')) });
    const warmStartMs = performance.now() - t0;
    await reopened.close();
    return [
      `ingestion of a 100-article document (parse, chunk, embed, BM25, HNSW, persist): median ${pct(runs, 50).toFixed(0)} ms, max ${Math.max(...runs).toFixed(0)} ms (index growing to 500 articles + handbook)`,
      `start-up, empty storage (builds and persists the shipped handbook index): ${coldStartMs.toFixed(0)} ms; start-up loading the 600-chunk index: ${warmStartMs.toFixed(0)} ms`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const emb = new LocalHashEmbeddings();
  console.log(`local hash embeddings, ${emb.dimensions} dims; HNSW M=16, efConstruction=200, ef=80; ${QUERIES} queries, k=${K}`);
  console.log('| chunks | HNSW p50 / p95 (ms) | exact p50 / p95 (ms) | recall@10 | HNSW build | embed |');
  console.log('|---|---|---|---|---|---|');
  const sizes = process.env.KB_BENCH_SIZES ? process.env.KB_BENCH_SIZES.split(',').map(Number) : SIZES;
  for (const n of sizes) console.log(await vectorBench(n, emb));
  for (const line of await ingestBench()) console.log(line);
}
