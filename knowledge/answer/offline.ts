import type { Concept } from '../retrieval/query.js';
import { conceptCoverage } from '../retrieval/confidence.js';
import type { Answer, HandbookItem, Locale } from '../types.js';
import { formatCitation, type SourceArticle } from './citations.js';
import { messages } from './messages.js';

const MAX_QUOTE = 260;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}……` : s;
}

/**
 * The part of an article worth quoting: all of it when short; otherwise its first 款 (which says what the
 * items are about) plus the lines that mention most of what was asked, in their original order.
 */
export function excerpt(text: string, concepts: Concept[], idf: (t: string) => number): string {
  if (text.length <= MAX_QUOTE) return text;
  const lines = text.split('\n');
  const [lead, ...rest] = lines as [string, ...string[]];
  const ranked = rest
    .map((line, i) => ({ i, score: conceptCoverage(concepts, line, idf) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  // A second line only if it matches nearly as well as the best one.
  const picked = ranked
    .filter((r, n) => n === 0 || (n === 1 && r.score >= 0.8 * ranked[0]!.score))
    .sort((a, b) => a.i - b.i);
  const parts = [clip(lead, 120)];
  let previous = -1;
  for (const r of picked) {
    if (r.i !== previous + 1) parts.push('……');
    parts.push(clip(rest[r.i]!, 160));
    previous = r.i;
  }
  if (picked.length === 0 || previous < rest.length - 1) parts.push('……');
  return parts.join('\n');
}

export interface OfflineSource extends SourceArticle {
  handbookItem?: HandbookItem;
}

/** Extractive answer: quotes the selected articles verbatim, each with its citation. */
export function offlineAnswer(input: {
  sources: OfflineSource[];
  concepts: Concept[];
  idf: (t: string) => number;
  locale: Locale;
  notes: string[];
}): Answer {
  const m = messages(input.locale);
  const blocks = input.sources.map((s, i) => {
    const item = s.handbookItem;
    if (item) {
      const basis = item.basis.map(formatCitation).join('、');
      return `${i + 1}. ${formatCitation(s)}「${item.title}」：${item.description}\n${m.handbookBasis}：${basis}${item.major ? `（${m.major}）` : ''}`;
    }
    return `${i + 1}. ${formatCitation(s)}：\n“${excerpt(s.text, input.concepts, input.idf)}”`;
  });
  const text = [m.intro, ...blocks, ...input.notes, m.offlineNote].join('\n\n');
  const citations = input.sources.map((s) => {
    const quote = excerpt(s.text, input.concepts, input.idf);
    return s.docNumber ? { docTitle: s.docTitle, article: s.article, docNumber: s.docNumber, quote } : { docTitle: s.docTitle, article: s.article, quote };
  });
  return { kind: 'answer', text, citations, mode: 'offline' };
}

export function refusal(locale: Locale, notes: string[] = []): Answer {
  return { kind: 'refusal', text: [messages(locale).refusal, ...notes].join('\n\n'), citations: [], mode: 'offline' };
}
