import { normalizeArticleLabel } from '../text/chinese-numerals.js';
import type { Citation } from '../types.js';
import { itemsOf } from './items.js';

/** An article the answer may cite: what retrieval handed to the model. */
export interface SourceArticle {
  docTitle: string;
  article: string;
  docNumber?: string;
  text: string;
  /** Items (项) of the article that match the question, e.g. `（四）`. */
  items?: string[];
}

const CITATION_RE =
  /《([^《》\n]{1,80})》\s*(第\s*[0-9零〇一二三四五六七八九十百千两]+\s*条(?:之[一二三四五六七八九十]+)?|题注|第\d+段|[A-Z0-9]+-\d{2})((?:[、和及]?第?[（(][一二三四五六七八九十]+[）)]项)*)/g;
const ITEM_RE = /[（(]([一二三四五六七八九十]+)[）)]/g;

function normalizeTitle(t: string): string {
  return t.replace(/[\s\u3000]/g, '').replace(/^中华人民共和国/, '');
}

export function formatCitation(c: Pick<Citation, 'docTitle' | 'article'>): string {
  return `《${c.docTitle}》${c.article}`;
}

export function toCitation(s: SourceArticle, quoteChars = 160): Citation {
  const quote = s.text.length > quoteChars ? `${s.text.slice(0, quoteChars)}…` : s.text;
  return s.docNumber ? { docTitle: s.docTitle, article: s.article, docNumber: s.docNumber, quote } : { docTitle: s.docTitle, article: s.article, quote };
}

/** The source a written citation refers to: same article, and the same title or an unambiguous short form of it. */
function resolve(title: string, article: string, sources: SourceArticle[]): SourceArticle | undefined {
  const label = normalizeArticleLabel(article.replace(/\s/g, ''));
  const t = normalizeTitle(title);
  const sameArticle = sources.filter((s) => s.article === label);
  const exact = sameArticle.find((s) => normalizeTitle(s.docTitle) === t);
  if (exact) return exact;
  const partial = sameArticle.filter((s) => t.length >= 4 && normalizeTitle(s.docTitle).includes(t));
  return partial.length === 1 ? partial[0] : undefined;
}

export interface CheckedAnswer {
  text: string;
  citations: Citation[];
  /** Citations written by the model that match no retrieved article, or name an item the article lacks. */
  invalid: string[];
}

/**
 * Keeps only citations that name a retrieved article, rewriting short forms to the full title
 * (《安全生产法》第三十条 → 《中华人民共和国安全生产法》第三十条). A sentence whose only citations were
 * invalid is dropped: its claim has no support among the sources.
 */
export function checkCitations(answer: string, sources: SourceArticle[]): CheckedAnswer {
  const citations = new Map<string, Citation>();
  const invalid: string[] = [];
  const sentences = answer.split(/(?<=[。！？!?\n])/);
  const kept: string[] = [];
  for (const sentence of sentences) {
    let cited = 0;
    let valid = 0;
    const rewritten = sentence.replace(CITATION_RE, (all, title: string, article: string, itemPart: string) => {
      cited++;
      const source = resolve(title, article, sources);
      if (!source) {
        invalid.push(all);
        return '';
      }
      valid++;
      // An item the article does not have is invented: drop it (the article citation stands).
      const exists = new Set(itemsOf(source.text).map((i) => i.label));
      const named = [...(itemPart ?? '').matchAll(ITEM_RE)].map((m) => `（${m[1]}）`);
      const items = named.filter((i) => exists.has(i));
      if (items.length < named.length) invalid.push(all);
      const key = formatCitation(source);
      const citation = citations.get(key) ?? toCitation(source);
      if (items.length) citation.items = [...new Set([...(citation.items ?? []), ...items])];
      citations.set(key, citation);
      const written = items.length ? items.map((i) => `第${i}项`).join('、') : '';
      return `《${source.docTitle}》${all.slice(all.indexOf('》') + 1, all.length - (itemPart ?? '').length)}${written}`;
    });
    if (cited > 0 && valid === 0) continue;
    kept.push(rewritten.replace(/[（(]\s*[、，,]?\s*[）)]/g, ''));
  }
  return { text: kept.join('').trim(), citations: [...citations.values()], invalid };
}
