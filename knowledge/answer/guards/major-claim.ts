import type { CorpusIndex } from '../../corpus/corpus-index.js';
import { tokenize, words } from '../../text/tokenizer.js';
import type { Answer, Locale } from '../../types.js';
import { regulations } from './corpus-view.js';

/** "…是/属于/算/构成/判定为 重大(事故)隐患", asked or asserted, including "是不是" and "算不算". */
const CLAIM = /(是不是|算不算|属不属于|是否属于|是否|就是|属于|算是|算|构成|判定为|认定为|定为|列为|是)(一项|一个|一种|一类)?重大(事故|安全|生产安全事故)?隐患/;
const NEGATED = /(不是|不属于|不算|不构成)(一项|一个|一种)?重大/;
const FILLER = /(这个|这种|这样|这|那个|那|它|的话|情况|问题|请问|我觉得|我认为|听说|领导说|同事说|检查组说|[，,。？?！!：:；;、\s])/g;

export interface MajorClaim {
  /** What the question says is a major hazard, as the asker wrote it. */
  subject: string;
}

/** The thing a question calls a 重大事故隐患, when it names one (not "重大隐患有哪些"). */
export function majorClaim(question: string): MajorClaim | undefined {
  const m = CLAIM.exec(question);
  if (!m || NEGATED.test(question)) return undefined;
  const subject = question
    .slice(0, m.index)
    .replace(/^(请问|问一下|咨询一下)/, '')
    .replace(/^(根据|按照|依照|依据)[^，,]{0,40}[，,]/, '')
    .replace(/[，,。？?！!\s]+$/, '')
    .replace(/[，,]?(这|那|它)(个|种|样)?$/, '')
    .trim();
  if (subject.replace(FILLER, '').length < 4) return undefined;
  return { subject };
}

/**
 * An answer that quotes one of the standard's 重大事故隐患 situations (its 第三条 to 第十四条) and whose quoted
 * text holds the claim's most telling word: an article retrieved for its neighbouring words (地面 in a 积水
 * item for a claim about 油污) does not confirm the claim.
 */
export function citesListedSituation(answer: Answer, corpus: CorpusIndex, claim: MajorClaim): boolean {
  const standard = regulations(corpus).filter((d) => /重大事故隐患判定标准/.test(d.title)).map((d) => d.title);
  const listed =
    answer.kind === 'answer' &&
    answer.citations.some((c) => standard.includes(c.docTitle) && /^第(三|四|五|六|七|八|九|十|十一|十二|十三|十四)条/.test(c.article));
  const telling = tellingWord(claim.subject, corpus);
  return listed && (!telling || quotes(answer.text, telling));
}

/** The claim's word the regulations use least; a word they never use counts as the rarest of all. */
function tellingWord(subject: string, corpus: CorpusIndex): string | undefined {
  const rarity = (w: string) => (corpus.knows(w) ? corpus.idf(w) : Number.POSITIVE_INFINITY);
  return words(subject)
    .filter((w) => w.length >= 2)
    .sort((a, b) => rarity(b) - rarity(a))[0];
}

/** The text holds the word, or every part of it (铝镁粉尘 in "铝镁等金属粉尘"). */
function quotes(text: string, word: string): boolean {
  if (text.includes(word)) return true;
  const parts = tokenize(word).filter((t) => t !== word && t.length >= 2);
  return parts.length > 0 && parts.every((t) => text.includes(t));
}

/**
 * The note for a claimed 重大事故隐患 the 判定标准 does not list: never confirmed, the asker is told it was not
 * found among the standard's situations and what that means.
 */
export function unlistedMajorNote(claim: MajorClaim, corpus: CorpusIndex, locale: Locale): string {
  const standard = regulations(corpus).find((d) => /重大事故隐患判定标准/.test(d.title) && !corpus.isRepealed(d.key));
  const title = standard ? `《${standard.title}》` : locale === 'en' ? 'the major-hazard standard' : '重大事故隐患判定标准';
  return locale === 'en'
    ? `This cannot be confirmed as a major accident hazard (重大事故隐患): none of the situations listed in ${title} matches “${claim.subject}”. It may still be an ordinary hazard that must be fixed; an inspector decides on site.`
    : `不能确认为重大事故隐患：${title}列举的重大事故隐患情形中，没有与“${claim.subject}”相符的一项。它可能属于一般事故隐患，仍应按规定整改；是否构成重大事故隐患，以执法人员依据判定标准现场认定为准。`;
}
