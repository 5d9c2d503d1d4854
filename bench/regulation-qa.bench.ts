// Regulation Q&A latency: `ask()` per question, offline, over the held-out half of the systematic dev set
// and the county corpus (tests/fixtures/knowledge/regulations). Target: p95 < 50 ms per question.
import { readFileSync } from 'node:fs';
import { createKnowledgeBase, MemoryIndexStorage } from '../knowledge/index.js';

const CORPUS = new URL('../tests/fixtures/knowledge/regulations', import.meta.url).pathname;
const QUESTIONS = new URL('../tests/fixtures/knowledge/systematic-heldout.jsonl', import.meta.url);
const TARGET_P95_MS = 50;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export async function main(): Promise<void> {
  const questions = readFileSync(QUESTIONS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const kb = await createKnowledgeBase({ storage: new MemoryIndexStorage() });
  await kb.ingest([CORPUS]);
  for (const q of questions.slice(0, 20)) await kb.ask(q); // warm-up: jieba, JIT
  const ms: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    await kb.ask(q);
    ms.push(performance.now() - t0);
  }
  await kb.close();
  const p95 = pct(ms, 95);
  console.log(`ask() over ${ms.length} questions: p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (target p95 < ${TARGET_P95_MS} ms): ${p95 < TARGET_P95_MS ? 'met' : 'MISSED'}`);
}
