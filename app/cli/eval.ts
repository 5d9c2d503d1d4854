// Scores the knowledge base on a question set: `npm run eval -- --qa <jsonl> --corpus <dir> [--json] [--verbose]`.
// The corpus is ingested into a fresh temporary index; answers are offline unless OPENAI_* is configured.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createKnowledgeBase, DirectoryIndexStorage, type Citation, type RetrievedArticle } from '../../knowledge/index.js';
import { scoreEval, rankedArticles, type ArticleRef, type EvalQuestion, type EvalRecord } from './eval-score.js';
import { loadConfigOrExit } from '../config.js';

const { values } = parseArgs({
  options: { qa: { type: 'string' }, corpus: { type: 'string' }, json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});
if (!values.qa || !values.corpus) {
  console.error('usage: npm run eval -- --qa <questions.jsonl> --corpus <dir> [--json] [--verbose]');
  process.exit(2);
}

const questions = (await readFile(values.qa, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as EvalQuestion);
const { llm } = loadConfigOrExit();
const dir = await mkdtemp(join(tmpdir(), 'kb-eval-'));
const log = values.json ? () => undefined : (o: object, msg?: string) => console.error(msg ?? '', o);
const kb = await createKnowledgeBase({ storage: new DirectoryIndexStorage(dir), ...(llm ? { llm } : {}), logger: { info: log, warn: log } });
try {
  const ingested = await kb.ingest([values.corpus]);
  if (!values.json) console.log(`ingested ${ingested.added} documents, ${ingested.chunks} chunks`);
  const records: EvalRecord[] = [];
  let mode: 'offline' | 'llm' = 'offline';
  for (const q of questions) {
    const t0 = performance.now();
    const answer = await kb.ask(q.question);
    const ms = performance.now() - t0;
    if (answer.mode === 'llm') mode = 'llm';
    const retrieved = await kb.retrieve(q.question, 10);
    const sourceOf = new Map(retrieved.map((r) => [r.docTitle, r.source]));
    const ref = (c: Citation | RetrievedArticle): ArticleRef => ({
      source: sourceOf.get(c.docTitle) ?? c.docTitle,
      article: c.article,
      ...('items' in c && c.items ? { items: c.items } : {}),
      ...('role' in c && c.role ? { role: c.role } : {}),
    });
    const record: EvalRecord = { question: q, kind: answer.kind, cited: answer.citations.map(ref), retrieved: retrieved.map(ref), ms };
    records.push(record);
    if (!values.json) {
      const top = rankedArticles(record).slice(0, 3).map((a) => `${a.source.slice(0, 12)}:${a.article}${a.items?.join('') ?? ''}`);
      const gold = q.gold.map((g) => `${g.doc.slice(0, 12)}:${g.article}`).join(',') || '-';
      console.log(`${q.id} ${answer.kind.padEnd(7)} gold=${gold.padEnd(24)} top=${top.join(' ')} ${Math.round(ms)}ms`);
      if (values.verbose) console.log(`   ${answer.text.replace(/\n+/g, ' ').slice(0, 300)}`);
    }
  }
  const metrics = scoreEval(records, mode);
  if (values.json) console.log(JSON.stringify(metrics));
  else console.table(metrics);
} finally {
  await kb.close();
  await rm(dir, { recursive: true, force: true });
}

