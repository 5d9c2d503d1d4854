import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../../knowledge/loaders/front-matter.js';
import { parseLegalStructure } from '../../../knowledge/chunking/legal-structure.js';
import { HANDBOOK_FILE, loadHandbook, parseHandbook } from '../../../knowledge/handbook/load-handbook.js';
import { createKnowledgeBase, MemoryIndexStorage, type KnowledgeBase } from '../../../knowledge/index.js';

/** The shared corpus the handbook cites (tests may read ../shared). */
const CORPUS_FILES: Record<string, string> = {
  工贸企业重大事故隐患判定标准: 'gongmao-zhongda-yinhuan-panding-2023.md',
  工贸企业有限空间作业安全规定: 'gongmao-youxian-kongjian-2023.md',
  中华人民共和国安全生产法: 'anquan-shengchan-fa-2021.md',
};
const corpusDir = new URL('../../../../shared/corpus/regulations/', import.meta.url);

function articlesOf(file: string): Map<string, string[]> {
  const { body } = splitFrontMatter(readFileSync(new URL(file, corpusDir), 'utf8'));
  return new Map(parseLegalStructure(body).articles.map((a) => [a.label, a.lines.map((l) => l.text)]));
}

describe('hazard handbook data', () => {
  const book = loadHandbook();

  it('has at least 60 items across the high-risk areas of the notice', () => {
    expect(book.items.length).toBeGreaterThanOrEqual(60);
    const categories = new Set(book.items.map((i) => i.category));
    for (const c of ['金属冶炼', '煤气', '熔融金属', '粉尘涉爆', '有限空间', '动火作业', '高处作业', '液氨制冷', '配套危化装置', '外包与厂中厂', '通用管理']) {
      expect(categories).toContain(c);
    }
  });

  it('cites only articles (and 项) that exist in the corpus documents', () => {
    const articles = new Map(Object.entries(CORPUS_FILES).map(([title, file]) => [title, articlesOf(file)]));
    const problems: string[] = [];
    for (const item of book.items) {
      for (const b of item.basis) {
        const doc = articles.get(b.docTitle);
        if (!doc) continue;
        const [, label, xiang] = /^(第.+?条)(?:第(（.+?）)项)?$/.exec(b.article) ?? [];
        const lines = label ? doc.get(label) : undefined;
        if (!lines) problems.push(`${item.id}: 《${b.docTitle}》${b.article} does not exist`);
        else if (xiang && !lines.some((l) => l.startsWith(xiang))) problems.push(`${item.id}: ${b.article} has no item ${xiang}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks an item major only when the 判定标准 lists it', () => {
    for (const item of book.items.filter((i) => i.major)) {
      expect(item.basis.some((b) => b.docTitle === '工贸企业重大事故隐患判定标准'), item.id).toBe(true);
    }
  });

  it('rejects handbook data that breaks the rules, naming the problem', () => {
    const yaml = readFileSync(HANDBOOK_FILE, 'utf8');
    expect(() => parseHandbook(yaml.replace('id: MET-02', 'id: MET-01'))).toThrow(/duplicate id MET-01/);
    const met07 = 'basis: [{ doc: aqf, article: 第二十四条 }]\n    major: ';
    expect(() => parseHandbook(yaml.replace(`${met07}false`, `${met07}true`))).toThrow(/MET-07 is major/);
  });
});

describe('handbook browsing and triage', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await createKnowledgeBase({ storage: new MemoryIndexStorage() });
  });
  afterAll(() => kb.close());

  it('finds items by keyword, id and category', () => {
    expect(kb.handbook('泄爆')[0]?.id).toBe('DUST-03');
    expect(kb.handbook('煤气柜').map((i) => i.id)).toContain('GAS-03');
    expect(kb.handbook('有限空间', 50).every((i) => i.category === '有限空间')).toBe(true);
    expect(kb.handbook('cs-02')).toEqual([kb.handbookItem('CS-02')]);
    expect(kb.handbook('天气预报xyz')).toEqual([]);
    expect(kb.handbookItem('NOPE-01')).toBeUndefined();
  });

  it('suggests matching items and flags a possible major hazard with its article', async () => {
    const t = await kb.triage('车间里的布袋除尘器是干式的，没看到泄爆口，也没有抑爆装置');
    expect(t.items[0]?.id).toBe('DUST-03');
    expect(t.maybeMajor).toBe(true);
    expect(t.basis).toContainEqual(expect.objectContaining({ docTitle: '工贸企业重大事故隐患判定标准', article: '第十一条第（三）项' }));
  });

  it('does not flag a major hazard for an everyday issue, and suggests nothing for unrelated text', async () => {
    const t = await kb.triage('仓库门口的安全警示标志掉了');
    expect(t.items[0]?.id).toBe('GEN-05');
    expect(t.maybeMajor).toBe(false);
    const none = await kb.triage('食堂今天的饭菜太咸了');
    expect(none).toEqual({ items: [], maybeMajor: false, basis: [] });
  });
});
