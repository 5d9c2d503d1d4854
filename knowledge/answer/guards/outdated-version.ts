import type { CorpusIndex } from '../../corpus/corpus-index.js';
import type { Locale } from '../../types.js';
import { bareTitle, overlap, regulations } from './corpus-view.js';

export interface OutdatedVersionNote {
  note: string;
  /** The question without the old year and its article number, so the answer comes from the text in force. */
  question: string;
}

/** "2014年版", "2014年修正的", "2014版": a year naming one text of a law. */
const YEAR = /(\d{4})\s*年?\s*(?:版|修正|修订|版本)(?:本|的)?/;
const ARTICLE = /第[0-9零〇一二三四五六七八九十百千两]+条(之[一二三四五六七八九十]+)?/g;

/**
 * A question about an earlier text of an amended law ("2014年版安全生产法第九十九条"): the law was amended,
 * not repealed, so no repeal clause applies; the asker is told which text is in force and that article numbers
 * may have moved, and the answer is looked up by content in the text in force.
 */
export function outdatedVersion(question: string, corpus: CorpusIndex, locale: Locale): OutdatedVersionNote | undefined {
  const m = YEAR.exec(question);
  if (!m) return undefined;
  const year = Number(m[1]);
  for (const doc of regulations(corpus)) {
    const versions = doc.versions ?? [];
    const current = versions.at(-1);
    if (!current || year >= current || !versions.includes(year) || overlap(bareTitle(doc.title), question) < 0.6) continue;
    const note =
      locale === 'en'
        ? `Note: the ${year} text of 《${doc.title}》 was replaced by its ${current} amendment, which is in force. Article numbers may have changed, so the answer below is looked up by content in the text in force.`
        : `说明：《${doc.title}》${year}年的文本已被${current}年修正后的文本取代，现行的是${current}年修正文本；修正后条文序号可能有变化，以下按问题内容在现行文本中查找作答。`;
    return { note, question: question.replace(m[0], '').replace(ARTICLE, '') };
  }
  return undefined;
}
