import { cjkBigrams } from '../text/normalize.js';
import { words } from '../text/tokenizer.js';

const BRACKETED = /《([^《》]{2,40})》/g;
/** A bare document name: at least six characters ending like a rule does (bare 法 is too common: 方法, 违法). */
const BARE_NAME = /[\u4e00-\u9fa5]{4,30}?(?:规定|办法|条例|标准|规程|细则)(?!化)/g;
/**
 * A law named without brackets (职业病防治法, 特种设备安全法): three characters or more ending in 法, where the two
 * last are not an everyday word (违法, 依法, 方法 …), followed by what a question says about a law.
 */
const BARE_LAW = /[\u4e00-\u9fa5]{2,12}?法(?=对|里|中|第|规定|要求|怎么|的|有|是|关于|上|说|讲|[，。？?、]|$)/g;
const NOT_A_LAW = /(?:违|依|执|立|守|非|合|不|司|用|说|做|办|想|看|无|设|手|写|算|方|语|书|技|疗|作|章|打|玩)法$/;
/** Policy papers are named by their number of measures or their genre: 十五条措施, 三年行动方案, 指导意见. */
const POLICY_NAME = /[一二三四五六七八九十百\d]+条(?:硬)?措施|[\u4e00-\u9fa5]{2,20}?(?:行动方案|实施方案|工作方案|指导意见|若干意见|实施意见)/g;
const MIN_TITLE_OVERLAP = 0.5;
const LEADING_FILLER = /^(请问|咨询一?下|问一下|领导好|关于)+/;
/** Words that make a "…规定 / …标准" phrase a question about rules in general, not a document's name. */
const NOT_A_NAME = /具体|或者|没|按规定|怎么|怎样|什么|啥|相关|有没有|哪些|哪个|哪条|是否|这个|那个|这些|那些|国家标准|行业标准|按照|依照|有关|法律|法规里|违反|符合|是不是|还有/;

function overlap(name: string, title: string): number {
  const n = cjkBigrams(name);
  const t = new Set(cjkBigrams(title));
  return n.length === 0 ? 1 : n.filter((b) => t.has(b)).length / n.length;
}

/**
 * A document the question names that is not in the index (《粉尘防爆安全规定》第十八条, 职业病防治法, 十五条措施):
 * answering from whatever else matched would pass off another document's article as that one.
 */
export function unknownDocumentNamed(question: string, titles: string[], quoted = ''): string | undefined {
  const names = [...question.matchAll(BRACKETED)].map((m) => m[1]!);
  // A title is one noun phrase: "举报奖励的具体办法" describes a rule, it does not name one.
  for (const part of question.replace(BRACKETED, '，').split(/[的，。？！、；：,?!\s]/)) {
    const text = part.replace(LEADING_FILLER, '');
    for (const m of text.matchAll(BARE_NAME)) if (!NOT_A_NAME.test(m[0])) names.push(m[0]);
    for (const m of text.matchAll(BARE_LAW)) if (!NOT_A_LAW.test(m[0]) && !NOT_A_NAME.test(m[0])) names.push(m[0]);
    for (const m of text.matchAll(POLICY_NAME)) names.push(m[0]);
  }
  // A law the quoted article itself names (第七十四条: 根据民事诉讼法…) is asked about as that article uses it.
  return names.find((name) => !titles.some((t) => overlap(name, t) >= MIN_TITLE_OVERLAP) && !quoted.includes(name));
}

const ENTITY_SUFFIX = /(企业|工厂|厂|公司|行业)$/;

/**
 * An industry the question is about (化工企业, 水泥厂) that neither the article nor its document
 * mentions: the article is about some other kind of enterprise, however well the rest matches.
 */
export function outOfScopeIndustry(question: string, text: string): string | undefined {
  for (const w of words(question)) {
    const stem = w.replace(ENTITY_SUFFIX, '');
    if (stem !== w && stem.length >= 2 && !text.includes(stem)) return w;
  }
  return undefined;
}
