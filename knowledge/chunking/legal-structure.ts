import { parseChineseNumber } from '../text/chinese-numerals.js';

export interface ArticleLine {
  /** 款 (paragraph) or 项 (enumerated item, `（一）…`). */
  kind: 'paragraph' | 'item';
  text: string;
}

export interface LegalArticle {
  label: string;
  number: number;
  part?: string;
  chapter?: string;
  section?: string;
  lines: ArticleLine[];
}

export interface LegalStructure {
  /** First Markdown `# ` heading, if any. */
  heading?: string;
  /** Text before the first article (promulgation notes, amendment history). */
  preamble: string[];
  articles: LegalArticle[];
}

const NUM = '[0-9零〇一二三四五六七八九十百千两]+';
const HEADING_RE = new RegExp(`^第(${NUM})(编|章|节)[\\s\\u3000]*([^。；，,;]{0,40})$`);
const ARTICLE_RE = new RegExp(`^第(${NUM})条((?:之[一二三四五六七八九十]+)?)([\\s\\u3000]*)(.*)$`);
const ITEM_RE = /^[（(][一二三四五六七八九十]+[）)]/;
/** A line ending like this is complete; anything else was hard-wrapped (PDF, DOCX) and continues on the next line. */
const COMPLETE_LINE_RE = /[。；;：:！？!?]$/;

function cleanMarkdown(line: string): string {
  return line
    .replace(/^\s*>+\s?/, '')
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/[\s\u3000]+$/, '')
    .replace(/^[\s\u3000]+/, '');
}

/**
 * Recognises 编/章/节 headings, 条 (articles), 款 (paragraph lines) and 项 (`（一）` items) in plain text.
 * An article number glued to its text (no space, as PDF extraction leaves it) counts only when it is the
 * next number in sequence, so a sentence starting with "第三条规定…" is not mistaken for a new article.
 */
export function parseLegalStructure(text: string): LegalStructure {
  const out: LegalStructure = { preamble: [], articles: [] };
  let part: string | undefined;
  let chapter: string | undefined;
  let section: string | undefined;
  let current: LegalArticle | undefined;

  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#\s/.test(raw) && out.heading === undefined) {
      out.heading = cleanMarkdown(raw);
      continue;
    }
    const line = cleanMarkdown(raw);
    if (!line || /^-{3,}$/.test(line)) continue;

    const heading = HEADING_RE.exec(line);
    if (heading) {
      const name = `第${heading[1]}${heading[2]}${heading[3] ? ` ${heading[3].trim()}` : ''}`;
      if (heading[2] === '编') [part, chapter, section] = [name, undefined, undefined];
      else if (heading[2] === '章') [chapter, section] = [name, undefined];
      else section = name;
      current = undefined;
      continue;
    }

    const art = ARTICLE_RE.exec(line);
    if (art) {
      const number = parseChineseNumber(art[1]!);
      const expected = (out.articles.at(-1)?.number ?? 0) + 1;
      if (!Number.isNaN(number) && (art[3] !== '' || art[4] === '' || number === expected)) {
        current = {
          label: `第${art[1]}条${art[2]}`,
          number,
          ...(part ? { part } : {}),
          ...(chapter ? { chapter } : {}),
          ...(section ? { section } : {}),
          lines: art[4] ? [{ kind: ITEM_RE.test(art[4]) ? 'item' : 'paragraph', text: art[4] }] : [],
        };
        out.articles.push(current);
        continue;
      }
    }

    if (!current) {
      out.preamble.push(line);
      continue;
    }
    const last = current.lines.at(-1);
    if (ITEM_RE.test(line)) current.lines.push({ kind: 'item', text: line });
    else if (last && !COMPLETE_LINE_RE.test(last.text)) last.text += line;
    else current.lines.push({ kind: 'paragraph', text: line });
  }
  return out;
}

export function articleText(a: LegalArticle): string {
  return `${a.label}\u3000${a.lines.map((l) => l.text).join('\n')}`;
}
