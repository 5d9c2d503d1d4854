import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLegalStructure } from '../../../knowledge/chunking/legal-structure.js';
import { loadHandbook } from '../../../knowledge/handbook/load-handbook.js';
import { splitFrontMatter } from '../../../knowledge/loaders/front-matter.js';

const PANDING = '工贸企业重大事故隐患判定标准';
const file = new URL('../../fixtures/knowledge/regulations/gongmao-zhongda-yinhuan-panding-2023.md', import.meta.url);
/** 第三条–第十四条 list the situations that are 重大事故隐患 (第十四条 as a whole: failed safety devices). */
const LISTING = ['第三条', '第四条', '第五条', '第六条', '第七条', '第八条', '第九条', '第十条', '第十一条', '第十二条', '第十三条', '第十四条'];

function situations(): string[] {
  const { body } = splitFrontMatter(readFileSync(file, 'utf8'));
  const articles = parseLegalStructure(body).articles.filter((a) => LISTING.includes(a.label));
  return articles.flatMap((a) => {
    const items = a.lines.map((l) => /^（[一二三四五六七八九十]+）/.exec(l.text)?.[0]).filter((x): x is string => x !== undefined);
    return items.length > 0 ? items.map((i) => `${a.label}第${i}项`) : [a.label];
  });
}

describe('hazard handbook covers the 判定标准 exactly', () => {
  const book = loadHandbook();
  const cites = (label: string) => book.items.filter((i) => i.basis.some((b) => b.docTitle === PANDING && b.article === label));

  it('has a handbook item for every 项 of 第三条–第十四条 (64 项 and 第十四条), each marked major', () => {
    const all = situations();
    expect(all).toHaveLength(65);
    const uncovered = all.filter((s) => cites(s).length === 0);
    expect(uncovered).toEqual([]);
    const notMajor = all.flatMap((s) => cites(s).filter((i) => !i.major).map((i) => `${i.id} → ${s}`));
    expect(notMajor).toEqual([]);
  });

  it('marks major exactly the items resting on one of those situations, cited at 项 level', () => {
    const listed = new Set(situations());
    for (const item of book.items) {
      const situationsCited = item.basis.filter((b) => b.docTitle === PANDING && listed.has(b.article));
      expect(item.major, `${item.id} major=${item.major} but cites ${situationsCited.map((b) => b.article).join('、') || 'no listed situation'}`).toBe(situationsCited.length > 0);
      // A 判定标准 basis outside the listed situations (a whole article with items) would be imprecise.
      const loose = item.basis.filter((b) => b.docTitle === PANDING && !listed.has(b.article) && !['第一条', '第二条', '第十五条'].includes(b.article));
      expect(loose.map((b) => `${item.id} ${b.article}`)).toEqual([]);
    }
  });

  it('keeps a monitor who leaves or joins the work (有限空间规定 第十五条) apart from having no monitor (第十三条第（二）项)', () => {
    const leaving = book.items.filter((i) => i.basis.some((b) => b.docTitle === '工贸企业有限空间作业安全规定' && b.article === '第十五条'));
    expect(leaving.length).toBeGreaterThan(0);
    for (const i of leaving) expect(i.major, i.id).toBe(false);
    expect(book.items.find((i) => i.id === 'CS-04')).toMatchObject({ major: true, basis: expect.arrayContaining([expect.objectContaining({ article: '第十三条第（二）项' })]) });
  });

  it('has an item for gas kilns of daily-use glass and ceramics (第八条第（四）项)', () => {
    expect(cites('第八条第（四）项').map((i) => i.title).join()).toMatch(/燃气窑炉/);
  });
});
