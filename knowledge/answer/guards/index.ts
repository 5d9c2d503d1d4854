import type { CorpusIndex } from '../../corpus/corpus-index.js';
import type { Answer, Citation, Locale, TriageSuggestion } from '../../types.js';
import { refusal } from '../offline.js';
import { missingArticle } from './article-range.js';
import { chineseTerms, isLatinQuestion } from './english-terms.js';
import { outdatedVersion } from './outdated-version.js';
import { citesListedSituation, majorClaim, unlistedMajorNote } from './major-claim.js';
import { repealedVersion } from './repealed-version.js';

export interface GuardEnv {
  corpus: CorpusIndex;
  /** The knowledge base's answer to a (possibly rewritten) question. */
  answer: (question: string, locale: Locale) => Promise<Answer>;
  /** Handbook triage: says whether a description matches a listed 重大事故隐患. */
  triage: (description: string) => Promise<TriageSuggestion>;
}

const ENGLISH_NO_TERMS =
  'Sorry, I could not match your English question to the Chinese regulations in the knowledge base, so I cannot give a sourced answer. ' +
  'Please ask in Chinese, or use terms such as “confined space”, “gas detection”, “major hazard”, “dust explosion” or “penalty”.';

/**
 * Checks a question against the corpus before and around the answer: an earlier text of an amended law, an
 * article that does not exist, a repealed version named as current, a 重大事故隐患 the standard does not list, an English question. Each
 * adds a note (and for a repealed version, the repeal clause as a citation) in front of the usual answer.
 */
export async function askWithGuards(question: string, locale: Locale, env: GuardEnv): Promise<Answer> {
  const notes: string[] = [];
  const citations: Citation[] = [];
  let q = question;
  let lang = locale;
  if (isLatinQuestion(q)) {
    lang = 'en';
    const terms = chineseTerms(q);
    if (terms.length === 0) return { ...refusal('en'), text: ENGLISH_NO_TERMS };
    q = terms.join(' ');
  }
  const outdated = outdatedVersion(q, env.corpus, lang);
  if (outdated) {
    notes.push(outdated.note);
    q = outdated.question;
  }
  const missing = missingArticle(q, env.corpus, lang);
  if (missing) {
    notes.push(missing.note);
    q = missing.question;
  }
  const repealed = repealedVersion(q, env.corpus, lang);
  if (repealed) {
    notes.push(repealed.note);
    if (repealed.citation.article) citations.push(repealed.citation);
    q = repealed.question;
  }
  const answer = await env.answer(q, lang);
  // A claimed 重大事故隐患 is confirmed only by the standard itself: the answer quotes one of its situations,
  // or the handbook's triage matches a major item. Otherwise the claim is not confirmed, and the answer says so.
  const claim = majorClaim(q);
  if (claim && !citesListedSituation(answer, env.corpus, claim) && !(await env.triage(claim.subject)).maybeMajor) {
    notes.push(unlistedMajorNote(claim, env.corpus, lang));
  }
  if (notes.length === 0) return answer;
  return {
    ...answer,
    // A correction is itself an answer, with its clause cited, even when nothing else could be found.
    kind: answer.kind === 'refusal' && citations.length ? 'answer' : answer.kind,
    text: [...notes, answer.text].join('\n\n'),
    citations: [...citations, ...answer.citations],
  };
}
