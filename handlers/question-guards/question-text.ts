/** Longest question answered as asked; longer ones are answered on their first part, with a note. */
export const MAX_QUESTION_CHARS = 500;

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export interface QuestionText {
  /** What is searched: markup removed (its words kept), invisible characters removed, at most MAX chars. */
  text: string;
  /** Length of the question before trimming, when it was trimmed. */
  trimmedFrom?: number;
}

/**
 * A question as plain words. HTML in it is text the user typed, never markup: tags are dropped from what is
 * searched, and nothing here is ever rendered as HTML (channels escape what they show).
 */
export function questionText(raw: string): QuestionText {
  const plain = raw
    .replace(INVISIBLE, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
  const length = [...plain].length;
  if (length <= MAX_QUESTION_CHARS) return { text: plain };
  const head = [...plain].slice(0, MAX_QUESTION_CHARS).join('');
  // End at the last sentence end in the second half of the allowance, so a question is not cut mid-word.
  const cut = Math.max(...['。', '？', '?', '！', '!', '；'].map((p) => head.lastIndexOf(p)));
  return { text: cut > MAX_QUESTION_CHARS / 2 ? head.slice(0, cut + 1) : head, trimmedFrom: length };
}
