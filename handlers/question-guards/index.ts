import type { Locale } from '../../domain/index.js';
import { caseDataRequest } from './case-data.js';
import { guardMessages } from './messages.js';
import { MAX_QUESTION_CHARS, questionText } from './question-text.js';

export type GuardedQuestion =
  | { refuse: string }
  | {
      /** The question to search, as plain text. */
      question: string;
      /** English for a question written in English, whatever the chat's language. */
      locale: Locale;
      /** Notes to show before the answer. */
      notes: string[];
    };

const latin = (q: string) => {
  const letters = (q.match(/[A-Za-z]/g) ?? []).length;
  return letters >= 6 && letters > (q.match(/[\u3400-\u9fff]/g) ?? []).length * 3;
};

/**
 * What the Q&A does with a question before the knowledge base sees it: refuse requests for case or tip data
 * and for a tipster's identity (saying why and what to do instead), read HTML as text, trim an over-long
 * question with a note, and answer an English question in English.
 */
export function guardQuestion(raw: string, chatLocale: Locale): GuardedQuestion {
  const { text, trimmedFrom } = questionText(raw);
  const locale: Locale = latin(text) ? 'en' : chatLocale;
  const m = guardMessages(locale);
  if (!/[\p{L}\p{N}]/u.test(text)) return { refuse: m.empty };
  const request = caseDataRequest(text);
  if (request) return { refuse: request === 'identity' ? m.identity : m.caseData };
  return { question: text, locale, notes: trimmedFrom ? [m.trimmed(trimmedFrom, MAX_QUESTION_CHARS)] : [] };
}
