import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKnowledgeBase, DirectoryIndexStorage, MemoryIndexStorage, type KnowledgeBase } from '../../../knowledge/index.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/knowledge/corpus', import.meta.url));
const DEMO = '示范市工贸企业安全生产示范规定';
const OLD = '示范市工贸企业安全检查暂行办法（2017版）';

describe('knowledge base over a small corpus (offline)', () => {
  let kb: KnowledgeBase;
  beforeEach(async () => {
    kb = await createKnowledgeBase({ storage: new MemoryIndexStorage() });
  });
  afterEach(() => kb.close());

  it('ingests Markdown, text, HTML and DOCX', async () => {
    const r = await kb.ingest([CORPUS]);
    expect(r).toMatchObject({ added: 5, replaced: 0, skipped: 0, failed: [] });
    expect(r.chunks).toBeGreaterThan(10);
  });

  it('answers with a verbatim quote and a citation of the right article', async () => {
    await kb.ingest([CORPUS]);
    const a = await kb.ask('仓库的可燃气体报警装置坏了，多长时间内要修好？');
    expect(a).toMatchObject({ kind: 'answer', mode: 'offline' });
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条', docNumber: '示范市应急管理局令第3号' });
    expect(a.text).toContain(`《${DEMO}》第六条`);
    expect(a.text).toContain('二十四小时内修复');
  });

  it('finds articles from HTML and DOCX sources', async () => {
    await kb.ingest([CORPUS]);
    const html = await kb.ask('有限空间作业时监护人员能不能进去？');
    expect(html.citations[0]).toMatchObject({ docTitle: '示范市有限空间作业指引', article: '第二条' });
    const docx = await kb.ask('速冻间内同时作业的人数有什么限制？');
    expect(docx.citations[0]).toMatchObject({ docTitle: '示范市液氨制冷安全要点', article: '第二条' });
  });

  it('never cites a repealed document as current and says it is repealed', async () => {
    await kb.ingest([CORPUS]);
    const a = await kb.ask('易燃物品仓库的报警装置功能测试多久做一次？');
    expect(a.kind).toBe('answer');
    expect(a.citations.map((c) => c.docTitle)).not.toContain(OLD);
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    expect(a.text).toContain(`《${OLD}》已废止`);
    const retrieved = await kb.retrieve('报警装置每季度进行一次功能测试');
    expect(retrieved.find((r) => r.docTitle === OLD)?.repealed).toBe(true);
  });

  it('treats a document declared repealed in its front matter the same way', async () => {
    await kb.ingest([CORPUS]);
    const a = await kb.ask('涉粉作业场所积尘要每班清扫吗？');
    expect(a.citations.map((c) => c.docTitle)).not.toContain('示范市粉尘作业临时管理通知');
    expect(a.text).toContain('《示范市粉尘作业临时管理通知》已废止');
  });

  it('refuses questions the documents do not answer, in the asked locale', async () => {
    await kb.ingest([CORPUS]);
    const zh = await kb.ask('明天县城会下雨吗？');
    expect(zh).toMatchObject({ kind: 'refusal', citations: [] });
    expect(zh.text).toContain('没有找到');
    const en = await kb.ask('明天县城会下雨吗？', { locale: 'en' });
    expect(en.text).toMatch(/no provision/);
  });

  it('answers from the shipped handbook before anything is ingested', async () => {
    const a = await kb.ask('干式除尘器没有泄爆装置，是重大隐患吗？');
    expect(a.kind).toBe('answer');
    expect(a.citations[0]).toMatchObject({ docTitle: '工贸企业风险隐患排查指导手册', article: 'DUST-03' });
    expect(a.text).toContain('《工贸企业重大事故隐患判定标准》第十一条第（三）项');
  });
});

describe('index lifecycle', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-test-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('skips unchanged files and replaces the chunks of a changed one', async () => {
    const docs = join(dir, 'docs');
    await cp(CORPUS, docs, { recursive: true });
    const kb = await createKnowledgeBase({ dataDir: join(dir, 'data') });
    await kb.ingest([docs]);
    expect(await kb.ingest([docs])).toMatchObject({ added: 0, replaced: 0, skipped: 5 });

    const file = join(docs, 'demo-regulation-2025.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('二十四小时内修复', '十二小时内修复'));
    expect(await kb.ingest([docs])).toMatchObject({ added: 0, replaced: 1, skipped: 4 });
    const a = await kb.ask('仓库的可燃气体报警装置坏了，多长时间内要修好？');
    expect(a.text).toContain('十二小时内修复');
    expect(a.text).not.toContain('二十四小时内修复');
    await kb.close();
  });

  it('persists the index so a restarted instance answers without re-ingesting', async () => {
    const first = await createKnowledgeBase({ dataDir: dir });
    await first.ingest([CORPUS]);
    await first.close();
    const second = await createKnowledgeBase({ storage: new DirectoryIndexStorage(join(dir, 'knowledge')) });
    const a = await second.ask('仓库的可燃气体报警装置坏了，多长时间内要修好？');
    expect(a.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    await second.close();
  });

  it('lets another instance sharing the storage pick up a newer index version', async () => {
    const storage = new MemoryIndexStorage();
    const a = await createKnowledgeBase({ storage, refreshIntervalMs: 0 });
    const b = await createKnowledgeBase({ storage, refreshIntervalMs: 0 });
    expect((await b.ask('仓库的可燃气体报警装置坏了，多长时间内要修好？')).kind).toBe('refusal');
    await a.ingest([CORPUS]);
    const answer = await b.ask('仓库的可燃气体报警装置坏了，多长时间内要修好？');
    expect(answer.citations[0]).toMatchObject({ docTitle: DEMO, article: '第六条' });
    await Promise.all([a.close(), b.close()]);
  });
});
