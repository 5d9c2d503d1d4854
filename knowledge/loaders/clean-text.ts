import { parseChineseNumber } from '../text/chinese-numerals.js';

export interface CleanedText {
  text: string;
  /** Control, NUL and invisible formatting characters removed. */
  controlChars: number;
  /** Sentences that read like instructions to an assistant, removed from the text and kept for review. */
  flagged: string[];
}

/** C0/C1 controls (not tab or newline), zero-width and bidi-override characters, the BOM. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Text addressed to a language model rather than to a reader of the regulation: planted in a document to steer
 * the answers. Deliberately narrow (no regulation says "忽略以上指令"); everything it catches goes to review.
 */
const INSTRUCTION_LIKE = [
  /系统(指令|提示词?|消息)\s*[:：]/,
  /(忽略|无视|忘记|忘掉)(掉)?(以上|上述|之前|此前|先前|前面|前述|所有|全部|你的)[^。\n]{0,12}(指令|规则|要求|提示|设定|约束)/,
  /你(现在|从现在起)(是|扮演|作为)/,
  /(请你?|你要)扮演/,
  /(不要|无需|不必|禁止)引用[^。\n]{0,6}(条文|来源|出处)/,
  /\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+|your\s+)?(previous|prior|above|earlier|preceding)\s+(instructions?|rules|prompts?|directions)/i,
  /\byou\s+are\s+now\b/i,
  /\b(system\s+prompt|jailbreak)\b/i,
  /<\/?\s*(system|source|sources|question|instructions?|assistant|user)\b[^>]*>/i,
];

export const isInstructionLike = (s: string): boolean => INSTRUCTION_LIKE.some((re) => re.test(s));

const NUM = '[0-9零〇一二三四五六七八九十百千两]+';
const ARTICLE_OR_HEADING = new RegExp(`第(${NUM})(条|章|节)`, 'g');
const SENTENCE_END = /[。；;：:！？!?”」]\s*$/;

/**
 * Puts each article (and chapter heading) on its own line when a file ran them together: one-line files,
 * text copied from a web page. A `第N条` starts an article only when N is the next number and it follows the
 * end of a sentence or is followed by a space, so "依照本法第二十条规定" stays inside its sentence.
 */
export function splitRunOnArticles(text: string): string {
  let expected = 1;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ARTICLE_OR_HEADING)) {
    const at = m.index;
    const before = text.slice(Math.max(0, at - 3), at);
    const after = text[at + m[0].length] ?? '';
    const lineStart = at === 0 || text[at - 1] === '\n';
    const n = parseChineseNumber(m[1]!);
    let breakHere = false;
    if (m[2] === '条') {
      if (n === expected) {
        breakHere = !lineStart && (SENTENCE_END.test(before) || /[\s\u3000]/.test(after));
        expected = n + 1;
      }
    } else if (!lineStart && SENTENCE_END.test(before) && /[\s\u3000]/.test(after)) {
      breakHere = true;
    }
    if (breakHere) {
      out += `${text.slice(last, at).replace(/[ \t\u3000]+$/, '')}\n`;
      last = at;
    }
  }
  return out + text.slice(last);
}

/** Drops sentences that read like instructions, keeping an article's label so its numbering stays intact. */
function dropInstructions(text: string, flagged: string[]): string {
  return text
    .split('\n')
    .map((line) => {
      if (!isInstructionLike(line)) return line;
      const label = /^[\s\u3000]*第[^条\s]{1,8}条[\s\u3000]*/.exec(line)?.[0] ?? '';
      const kept = line
        .slice(label.length)
        .split(/(?<=[。！？!?])/)
        .filter((sentence) => {
          if (!isInstructionLike(sentence)) return true;
          flagged.push(sentence.trim().slice(0, 200));
          return false;
        })
        .join('');
      return kept.trim() ? `${label}${kept}` : '';
    })
    .join('\n');
}

/**
 * Plain text as the index should hold it: one newline convention (CR-only files included), no control or
 * invisible characters, run-on articles split, and instruction-like sentences removed for review.
 */
export function cleanText(raw: string): CleanedText {
  let controlChars = 0;
  const normalized = raw.replace(/\r\n?|[\u2028\u2029\u0085\f\v]/g, '\n').replace(CONTROL, () => {
    controlChars++;
    return '';
  });
  const flagged: string[] = [];
  // Full-width digits (第１条) are article numbers too.
  const digits = normalized.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const text = dropInstructions(splitRunOnArticles(digits), flagged);
  return { text, controlChars, flagged };
}
