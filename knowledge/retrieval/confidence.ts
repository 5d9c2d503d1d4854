import { cjkBigrams, normalizeForMatch } from '../text/normalize.js';
import { conceptWeight, type Concept } from './query.js';

/** Partial credit for a longer word found only in pieces (具体办法 vs 具体奖励办法): a share of its bigrams. */
const PARTIAL_CREDIT = 0.7;

export function credit(c: Concept, haystack: string): number {
  if (c.alternatives.some((a) => haystack.includes(a))) return 1;
  if (c.abbreviation && c.tokens.some((t) => spelledOut(t, haystack))) return PARTIAL_CREDIT;
  const bigrams = c.tokens.flatMap((t) => (t.length >= 3 ? cjkBigrams(t) : []));
  if (bigrams.length === 0) return 0;
  return (PARTIAL_CREDIT * bigrams.filter((b) => haystack.includes(b)).length) / bigrams.length;
}

/**
 * Chinese abbreviations keep their characters' order, close together: 瞒报 ← 隐瞒不报, 安评 ← 安全评价,
 * 危化品 ← 危险化学品; a wider window finds 工资 in 工人的资格.
 */
const ABBREVIATION_SPREAD = 2;

/** Whether `haystack` has the characters of `word` in order within 2 × its length − 1 characters. */
export function spelledOut(word: string, haystack: string): boolean {
  if (![...word].every((ch) => haystack.includes(ch))) return false;
  const maxSpan = ABBREVIATION_SPREAD * word.length - 1;
  for (let start = haystack.indexOf(word[0]!); start >= 0; start = haystack.indexOf(word[0]!, start + 1)) {
    // Only the window the abbreviation may span is searched: scanning to the end per start was quadratic.
    const window = haystack.slice(start, start + maxSpan);
    let at = 0;
    for (const ch of word.slice(1)) {
      at = window.indexOf(ch, at + 1);
      if (at < 0) break;
    }
    if (at > 0) return true;
  }
  return false;
}

/**
 * IDF-weighted share of the question's concepts found in `text`. Rare words decide: a question about
 * 增值税 that happens to share 企业 and 规定 with an article scores low, while a typo'd question whose
 * wording maps onto the article's terms scores high.
 */
export function conceptCoverage(concepts: Concept[], text: string, idf: (term: string) => number): number {
  return coverageOfNormalized(concepts, normalizeForMatch(text), idf);
}

/** `conceptCoverage` of a text already passed through `normalizeForMatch`. */
export function coverageOfNormalized(concepts: Concept[], haystack: string, idf: (term: string) => number): number {
  let total = 0;
  let found = 0;
  for (const c of concepts) {
    const w = conceptWeight(c, idf);
    total += w;
    found += w * credit(c, haystack);
  }
  return total === 0 ? 0 : found / total;
}

/** 金额 / 数额 / 比例 ask for a figure when the question ends on them or goes on with 是 / 有 (罚款金额是…), not in 按原处罚数额处罚. */
const ASKED = '(?:[？?]|$|是|有)';
const QUANTITY_QUESTION = new RegExp(`多少|(?<!哪)几[个名人次天年月日岁点位倍门科项条台套层级类种]|几成|多久|多长时间|多大|多高|多远|百分之几|(?:金额|数额|比例)${ASKED}`);
const MONEY_QUESTION = new RegExp(`多少钱|奖金|奖励多少|罚多少|罚款多少|几块|(?:金额|数额)${ASKED}`);
/** In a yes-no question 几个 means "a few" (有几个有限空间需要登记吗), not "how many". */
const YES_NO = /[吗么][？?]?$/;
const withoutSeveral = (question: string) => (YES_NO.test(question.trim()) ? question.replace(/几个/g, '') : question);
const QUANTITY_IN_TEXT = /[0-9零〇一二两三四五六七八九十百千万]+(?:\.\d+)?\s*(?:%|％|元|万元|人|名|次|个|日|天|小时|年|月|周|倍|米|m|kpa|mpa|℃|度|分钟|秒)|百分之|每年|每月|每日|每周/i;
const MONEY_IN_TEXT = /[0-9零〇一二两三四五六七八九十百千万]+(?:\.\d+)?\s*(?:元|万元)|年收入百分之/;

/** Whether the question asks for a figure, and whether a line states one (to pick the lines to quote). */
export function asksFigure(question: string): boolean {
  return QUANTITY_QUESTION.test(withoutSeveral(question));
}

export function statesFigure(text: string): boolean {
  return QUANTITY_IN_TEXT.test(normalizeForMatch(text));
}

/** Measured quantities asked for (浓度是多少, 温度不超过多少度) and how a text states a value of each. */
const HOW_MUCH = '.{0,6}(?:多少|几)';
const DIGIT = '[0-9零〇一二两三四五六七八九十百千万]';
const MEASURES: Array<[RegExp, RegExp]> = [
  [new RegExp(`浓度${HOW_MUCH}`), new RegExp(`${DIGIT}\\s*(?:%|％|ppm|mg/m|毫克)|百分之`, 'i')],
  [new RegExp(`温度${HOW_MUCH}`), new RegExp(`${DIGIT}\\s*(?:℃|度)`)],
  [new RegExp(`(?:压力|压强)${HOW_MUCH}`), new RegExp(`${DIGIT}\\s*(?:k?pa|mpa|帕)`, 'i')],
  [new RegExp(`(?:风速|流速)${HOW_MUCH}`), new RegExp(`${DIGIT}\\s*(?:m/s|米/秒|米每秒)`, 'i')],
  [new RegExp(`(?:距离|间距|高度|长度|宽度|深度)${HOW_MUCH}`), new RegExp(`${DIGIT}\\s*(?:米|m(?![a-z/]))`, 'i')],
];

/** The unit a how-many question counts in (多少学时 → 学时, 几个人 → 人), and units that say the same. */
const ASKED_UNIT = /(?:多少|几)个?(学时|小时|分钟|万元|元|人|名|次|天|日|年|月|周|米|倍|岁)/;
const DURATION = '年|个月|月|周|天|日|小时|分钟';
const SAME_UNIT: Record<string, string> = { 年: DURATION, 月: DURATION, 周: DURATION, 天: DURATION, 日: DURATION, 小时: DURATION, 分钟: DURATION, 人: '人|名', 名: '人|名' };
const NUMBER = '[0-9零〇一二两三四五六七八九十百千万]+(?:\\.\\d+)?\\s*个?';

/**
 * A question asking for a number (how many, how much money) is answered only by text that states one.
 * Catches the confident-but-wrong case where an article is on topic yet silent on the figure asked for.
 */
export function answersQuantity(asked: string, text: string): boolean {
  const question = withoutSeveral(asked);
  if (MONEY_QUESTION.test(question)) return MONEY_IN_TEXT.test(text);
  // 浓度多少 is not answered by "24小时": a measured quantity is stated in its own units.
  const measure = MEASURES.find(([asks]) => asks.test(question));
  if (measure) return measure[1].test(normalizeForMatch(text));
  const unit = ASKED_UNIT.exec(question)?.[1];
  // 多少学时 is not answered by "每年至少一次": the figure must be counted in the unit asked for.
  if (unit) return new RegExp(`${NUMBER}(?:${SAME_UNIT[unit] ?? unit})`).test(normalizeForMatch(text));
  if (QUANTITY_QUESTION.test(question)) return QUANTITY_IN_TEXT.test(normalizeForMatch(text));
  return true;
}
