import { conceptWeight, type Concept } from '../retrieval/query.js';
import { credit } from '../retrieval/confidence.js';
import { normalizeForMatch } from '../text/normalize.js';

const ITEM_LINE = /^（([一二三四五六七八九十]+)）/;
/** An item is quoted when it matches at least this share of the best item's match. */
const ITEM_RATIO = 0.75;
/** A concept counts as present in an item from this much credit (a partial match of a long word counts). */
const PRESENT = 0.4;

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
 * Within one article, a concept most items share (除尘系统 in 第十一条) says little about which item
 * applies, so each concept is weighted by its rarity among the items as well as in the corpus.
 */
export function matchingItems(articleText: string, concepts: Concept[], idf: (t: string) => number): ArticleItem[] {
  const items = itemsOf(articleText);
  if (items.length === 0) return [];
  const haystacks = items.map((i) => normalizeForMatch(i.text));
  const scores = new Array<number>(items.length).fill(0);
  for (const c of concepts) {
    const credits = haystacks.map((h) => credit(c, h));
    const present = credits.filter((x) => x >= PRESENT).length;
    if (present === 0) continue;
    const weight = conceptWeight(c, idf) * Math.log((items.length + 1) / present);
    credits.forEach((x, i) => (scores[i]! += weight * x));
  }
  const best = Math.max(...scores);
  if (best <= 0) return [];
  const chosen = items.filter((_, i) => scores[i]! >= ITEM_RATIO * best);
  // Nothing singles out an item when every one matches alike: the article as a whole is the answer.
  return chosen.length === items.length && items.length > 2 ? [] : chosen;
}

export function formatItems(items: string[]): string {
  return items.map((i) => `第${i}项`).join('、');
}
