import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../knowledge/chunking/chunk-document.js';
import { docMetadata } from '../../../knowledge/chunking/doc-metadata.js';
import { articleText, parseLegalStructure } from '../../../knowledge/chunking/legal-structure.js';
import { splitFrontMatter } from '../../../knowledge/loaders/front-matter.js';
import { normalizeArticleLabel, parseChineseNumber, toChineseNumber } from '../../../knowledge/text/chinese-numerals.js';

const fixture = readFileSync(new URL('../../fixtures/knowledge/corpus/demo-regulation-2025.md', import.meta.url), 'utf8');

describe('legal structure', () => {
  const { data, body } = splitFrontMatter(fixture);
  const s = parseLegalStructure(body);

  it('finds every article with its chapter and section', () => {
    expect(s.articles.map((a) => a.label)).toEqual(['第一条', '第二条', '第三条', '第四条', '第五条', '第六条', '第七条']);
    const art4 = s.articles[3]!;
    expect(art4.chapter).toBe('第二章 作业安全');
    expect(art4.section).toBe('第一节 危险作业');
    expect(s.articles[5]!.section).toBe('第二节 储存安全');
    expect(s.articles[6]!.chapter).toBe('第三章 附则');
    expect(s.articles[6]!.section).toBeUndefined();
  });

  it('keeps 款 as paragraphs and 项 as items', () => {
    const art3 = s.articles[2]!;
    expect(art3.lines.map((l) => l.kind)).toEqual(['paragraph', 'paragraph']);
    const art4 = s.articles[3]!;
    expect(art4.lines.map((l) => l.kind)).toEqual(['paragraph', 'item', 'item', 'item']);
    expect(art4.lines[2]!.text).toBe('（二）吊装作业时人员在吊物下方停留的；');
  });

  it('reads title, number, effective date and the repeal statement', () => {
    const meta = docMetadata({ frontMatter: data, structure: s, text: body, fallbackTitle: 'x' });
    expect(meta).toMatchObject({
      title: '示范市工贸企业安全生产示范规定',
      docNumber: '示范市应急管理局令第3号',
      effectiveDate: '2025-03-01',
      repealed: false,
    });
    expect(meta.repeals).toEqual([{ title: '示范市工贸企业安全检查暂行办法（2017版）', docNumber: '示应急〔2017〕12号' }]);
  });

  it('without front matter takes the title from the heading and the date from the text', () => {
    const meta = docMetadata({ frontMatter: {}, structure: s, text: body, fallbackTitle: 'x' });
    expect(meta.title).toBe('示范市工贸企业安全生产示范规定');
    expect(meta.docNumber).toBe('示范市应急管理局令第3号');
    expect(meta.effectiveDate).toBe('2025-03-01');
  });

  it('joins hard-wrapped lines (PDF/DOCX) and accepts glued article numbers only in sequence', () => {
    const text = ['第一条 企业应当建立', '安全生产责任制。', '第二条企业应当按照本规定第一条', '开展培训。', '第一条规定的人员除外。'].join('\n');
    const parsed = parseLegalStructure(text);
    expect(parsed.articles.map((a) => a.label)).toEqual(['第一条', '第二条']);
    expect(articleText(parsed.articles[0]!)).toBe('第一条　企业应当建立安全生产责任制。');
    expect(parsed.articles[1]!.lines.map((l) => l.text)).toEqual(['企业应当按照本规定第一条开展培训。', '第一条规定的人员除外。']);
  });

  it('splits a long article at 款 boundaries, repeating the article label and lead-in', async () => {
    const chunks = await chunkDocument(s, { maxChars: 200 });
    const art6 = chunks.filter((c) => c.article === '第六条');
    expect(art6.length).toBeGreaterThan(1);
    for (const c of art6) {
      expect(c.text.startsWith('第六条　企业储存油漆')).toBe(true);
      expect(c.section).toBe('第二节 储存安全');
    }
    expect(art6.map((c) => c.text).join('\n')).toContain('保留不小于一米的通道');
    // Short articles stay whole, one chunk each.
    expect(chunks.filter((c) => c.article === '第四条')).toHaveLength(1);
  });

  it('chunks a document without articles into numbered passages', async () => {
    const plain = parseLegalStructure('关于开展安全检查的通知\n各企业：\n请于本月底前完成自查。');
    const chunks = await chunkDocument(plain);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.article).toBe('第1段');
  });
});

describe('chinese numerals', () => {
  it('round-trips statute article numbers', () => {
    for (const [n, s] of [
      [1, '一'],
      [10, '十'],
      [11, '十一'],
      [20, '二十'],
      [101, '一百零一'],
      [110, '一百一十'],
      [119, '一百一十九'],
    ] as const) {
      expect(toChineseNumber(n)).toBe(s);
      expect(parseChineseNumber(s)).toBe(n);
    }
    expect(normalizeArticleLabel('第 11 条')).toBe('第十一条');
  });
});
