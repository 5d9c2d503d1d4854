import { matchSynonyms } from '../text/synonyms.js';
import { normalizeForMatch } from '../text/normalize.js';
import { jieba } from '../text/tokenizer.js';
import { conceptsNear, QUESTION_WORD } from './duty-subject.js';
import type { Concept } from './query.js';

/**
 * The thing a question asks about, when no source speaks of it: 空调 in "更衣室要不要装空调", 押金 in "举报要不要先交押金".
 * Every other word may match an article (更衣室, 举报), but an article that never names the thing asked about cannot
 * say whether it is required, allowed or how it is done: such a question is a near miss, not a paraphrase. A thing
 * counts as named when the sources use the word, one of its synonyms, its characters spelled out as an abbreviation
 * (安评 ← 安全评价), or a word of two characters or more inside it (纺织厂 ← 纺织); and a noun that heads a compound
 * with a word the sources use (检测方法, 鼓励政策) asks about that word.
 *
 * What is asked about is a common noun (jieba's n, nz, ng) right next to a question word or an A-not-A form (要不要,
 * 能不能); place and person names (巴公镇), and nouns that only restate the question (怎么定性, 这个条款有效吗), are not.
 */
const ASKING = new RegExp(`${QUESTION_WORD.source}|要不要|能不能|会不会|可不可以|需不需要|用不用|该不该|有没有|是不是|是否`);
/** Halves of an A-not-A form the tokenizer keeps as words (不要 of 要不要). */
const A_NOT_A_REMNANT = /^(?:不要|不会|不能|不可以|不需要|不用|不该|没有|不是)$/;
const RESTATES_QUESTION = /^(?:定性|定义|条款|规定|说法|问题|答案|意思)$/;
const COMMON_NOUN = /^(?:n|nz|ng)$/;

export interface CorpusWords {
  /** Whether an indexed token is this term. */
  knows(term: string): boolean;
  /** Whether the indexed text has the word, or its characters in order as an abbreviation spells them out. */
  uses(word: string): boolean;
}

/** The noun asked about that no source names in any form, if there is one. */
export function unknownObjectAsked(question: string, concepts: Concept[], corpus: CorpusWords): string | undefined {
  for (const c of conceptsNear(question, concepts, ASKING)) {
    const word = c.tokens.join('');
    if (word.length < 2 || A_NOT_A_REMNANT.test(word) || RESTATES_QUESTION.test(word)) continue;
    if (!jieba().tag(word, false).every((t) => COMMON_NOUN.test(t.tag))) continue;
    if ([...c.alternatives, ...c.tokens].some((a) => corpus.knows(a) || corpus.uses(a))) continue;
    if (matchSynonyms(word).length > 0) continue; // an everyday name of a regulation term (手套 of 劳动防护用品)
    if (containsKnownWord(word, corpus) || headOfKnownWord(question, word, corpus)) continue;
    return word;
  }
  return undefined;
}

/**
 * 检测方法, 鼓励政策: a noun right after a word the sources use only says which side of that thing is asked about
 * (its method, the policy on it); the thing itself is named.
 */
function headOfKnownWord(question: string, word: string, corpus: CorpusWords): boolean {
  let previous = '';
  for (const w of jieba().cut(normalizeForMatch(question), false)) {
    if (w === word) return previous.length >= 2 && corpus.knows(previous);
    previous = w;
  }
  return false;
}

/** 纺织厂 has 纺织, 劳保用品 has 用品: a compound of a word the sources use is that word's kind of thing. */
function containsKnownWord(word: string, corpus: CorpusWords): boolean {
  for (let i = 0; i < word.length; i++) for (let j = i + 2; j <= word.length; j++) if (j - i < word.length && corpus.knows(word.slice(i, j))) return true;
  return false;
}
