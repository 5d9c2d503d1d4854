import type { CorpusIndex } from '../../corpus/corpus-index.js';
import { parseChineseNumber } from '../../text/chinese-numerals.js';
import type { Locale } from '../../types.js';
import { articleLabels, docNamedBefore, regulations } from './corpus-view.js';

const REF = /第([0-9零〇一二三四五六七八九十百千两]+)条(之[一二三四五六七八九十]+)?/g;

export interface ArticleRangeNote {
  note: string;
  /** The question without the article that does not exist, so the answer comes from the articles that fit. */
  question: string;
}

/**
 * A question citing an article its regulation does not have ("安全生产法第一百二十五条"): says how far the
 * regulation goes, and lets the rest of the question find the real article.
 */
export function missingArticle(question: string, corpus: CorpusIndex, locale: Locale): ArticleRangeNote | undefined {
  const docs = regulations(corpus);
  for (const m of question.matchAll(REF)) {
    const doc = docNamedBefore(question.slice(0, m.index), docs);
    if (!doc) continue;
    const labels = articleLabels(corpus, doc);
    if (labels.length === 0 || labels.includes(m[0])) continue;
    const numbers = labels.map((l) => parseChineseNumber(/^第(.+?)条/.exec(l)![1]!)).filter((n) => !Number.isNaN(n));
    const first = labels[0]!;
    const last = labels[numbers.indexOf(Math.max(...numbers))]!;
    const note =
      locale === 'en'
        ? `Note: 《${doc.title}》 has ${labels.length} articles (${first} to ${last}); there is no ${m[0]}. The answer below comes from the articles that match the rest of your question.`
        : `说明：《${doc.title}》共${labels.length}条（${first}至${last}），没有${m[0]}。以下按问题内容查找实际适用的条文作答。`;
    const rest = question.slice(0, m.index) + question.slice(m.index + m[0].length).replace(/^(的|中|里|规定的?)/, '');
    return { note, question: rest };
  }
  return undefined;
}
