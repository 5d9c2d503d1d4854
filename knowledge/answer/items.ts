import type { Concept } from '../retrieval/query.js';
import { conceptCoverage } from '../retrieval/confidence.js';

const ITEM_LINE = /^（([一二三四五六七八九十]+)）/;
/** An item is quoted when it matches at least this share of the best item's match. */
const ITEM_RATIO = 0.75;
const MIN_ITEM_COVERAGE = 0.2;

export interface ArticleItem {
  /** `（四）` */
  label: string;
  text: string;
}

export function itemsOf(articleText: string): ArticleItem[] {
  return articleText
    .split('\n')
    .map((line) => ({ m: ITEM_LINE.exec(line), line }))
    .filter((x) => x.m)
    .map((x) => ({ label: `（${x.m![1]}）`, text: x.line }));
}

/** `第十一条第（三）项` → `（三）`; undefined when the label names no item. */
export function itemOfLabel(label: string): string | undefined {
  return /第([（(][一二三四五六七八九十]+[）)])项/.exec(label)?.[1]?.replace('(', '（').replace(')', '）');
}

/**
 * Every item of an article the question is about: all items matching nearly as well as the best one
 * (a question naming 铝镁粉尘 and 除尘系统 gets both items that mention both, not just the first).
 * `hinted` items (named by a handbook item that led retrieval here) are always included.
 */
export function matchingItems(articleText: string, concepts: Concept[], idf: (t: string) => number, hinted: string[] = []): ArticleItem[] {
  const items = itemsOf(articleText);
  if (items.length === 0) return [];
  const scored = items.map((item) => ({ item, score: conceptCoverage(concepts, item.text, idf) }));
  const best = Math.max(...scored.map((s) => s.score));
  return scored
    .filter((s) => hinted.includes(s.item.label) || (best >= MIN_ITEM_COVERAGE && s.score >= ITEM_RATIO * best))
    .map((s) => s.item);
}

export function formatItems(items: string[]): string {
  return items.map((i) => `第${i}项`).join('、');
}
