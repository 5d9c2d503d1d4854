import type { Concept } from '../retrieval/query.js';
import { asksFigure, conceptCoverage, statesFigure } from '../retrieval/confidence.js';
import type { Answer, Citation, HandbookItem, Locale } from '../types.js';
import { formatCitation, type SourceArticle } from './citations.js';
import { formatItems, itemsOf } from './items.js';
import { messages } from './messages.js';

const MAX_QUOTE = 260;
const RELATED_QUOTE = 120;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}……` : s;
}

/** A line stating a figure gains this much when the question asks for one (多长时间, 几个). */
const FIGURE_BONUS = 0.5;

/**
 * The part of an article worth quoting: all of it when short; otherwise its first 款 (which says what the
 * items are about) plus the lines that mention most of what was asked, in their original order.
 */
export function excerpt(text: string, concepts: Concept[], idf: (t: string) => number, question = ''): string {
  if (text.length <= MAX_QUOTE) return text;
  const lines = text.split('\n');
  const [lead, ...rest] = lines as [string, ...string[]];
  const figure = asksFigure(question);
  const ranked = rest
    .map((line, i) => ({ i, score: conceptCoverage(concepts, line, idf) + (figure && statesFigure(line) ? FIGURE_BONUS : 0) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  // A second line only if it matches nearly as well as the best one.
  const picked = ranked
    .filter((r, n) => n === 0 || (n === 1 && r.score >= 0.8 * ranked[0]!.score))
    .sort((a, b) => a.i - b.i);
  return joinLines(lead, rest, picked.map((r) => r.i));
}

/** The lead-in plus the chosen items, every one of them, with "……" where lines are left out. */
function itemExcerpt(text: string, items: string[]): string {
  const [lead, ...rest] = text.split('\n') as [string, ...string[]];
  const chosen = rest.map((line, i) => ({ line, i })).filter((x) => items.some((label) => x.line.startsWith(label)));
  return joinLines(lead, rest, chosen.map((x) => x.i));
}

function joinLines(lead: string, rest: string[], picked: number[]): string {
  const parts = [clip(lead, 120)];
  let previous = -1;
  for (const i of picked) {
    if (i !== previous + 1) parts.push('……');
    parts.push(clip(rest[i]!, 200));
    previous = i;
  }
  if (picked.length === 0 || previous < rest.length - 1) parts.push('……');
  return parts.join('\n');
}

export interface OfflineSource extends SourceArticle {
  handbookItem?: HandbookItem;
  /** Items (项) of the article the answer rests on. */
  items?: string[];
  role?: 'penalty' | 'duty';
}

/** 《…》第十一条第（四）项、第（六）项 */
export function formatSourceCitation(s: Pick<OfflineSource, 'docTitle' | 'article' | 'items'>): string {
  return `${formatCitation(s)}${s.items?.length ? formatItems(s.items) : ''}`;
}

function quoteOf(s: OfflineSource, concepts: Concept[], idf: (t: string) => number, question: string): string {
  return s.items?.length && itemsOf(s.text).length > 0 ? itemExcerpt(s.text, s.items) : excerpt(s.text, concepts, idf, question);
}

function citationOf(s: OfflineSource, quote: string): Citation {
  return {
    docTitle: s.docTitle,
    article: s.article,
    ...(s.docNumber ? { docNumber: s.docNumber } : {}),
    quote,
    ...(s.items?.length ? { items: s.items } : {}),
    ...(s.role ? { role: s.role } : {}),
  };
}

/** Extractive answer: quotes the selected articles (and items) verbatim, each with its citation. */
export function offlineAnswer(input: {
  sources: OfflineSource[];
  question: string;
  concepts: Concept[];
  idf: (t: string) => number;
  locale: Locale;
  notes: string[];
}): Answer {
  const m = messages(input.locale);
  const quotes = input.sources.map((s) => quoteOf(s, input.concepts, input.idf, input.question));
  const blocks = input.sources.map((s, i) => {
    const item = s.handbookItem;
    if (item) {
      const basis = item.basis.map(formatCitation).join('、');
      return `${i + 1}. ${formatCitation(s)}「${item.title}」：${item.description}\n${m.handbookBasis}：${basis}${item.major ? `（${m.major}）` : ''}`;
    }
    const role = s.role ? `【${s.role === 'penalty' ? m.penaltyRole : m.dutyRole}】` : '';
    return `${i + 1}. ${role}${formatSourceCitation(s)}：\n“${quotes[i]}”`;
  });
  const text = [m.intro, ...blocks, ...input.notes, m.offlineNote].join('\n\n');
  return { kind: 'answer', text, citations: input.sources.map((s, i) => citationOf(s, quotes[i]!)), mode: 'offline' };
}

/** Sources were found but the match is uncertain: candidate articles, said plainly to be unconfirmed. */
export function relatedAnswer(input: { sources: OfflineSource[]; question: string; concepts: Concept[]; idf: (t: string) => number; locale: Locale; notes: string[] }): Answer {
  const m = messages(input.locale);
  const quotes = input.sources.map((s) => clip(quoteOf(s, input.concepts, input.idf, input.question).replace(/\n/g, ' '), RELATED_QUOTE));
  const blocks = input.sources.map((s, i) => `${i + 1}. ${formatSourceCitation(s)}：“${quotes[i]}”`);
  const text = [m.related, ...blocks, ...input.notes, m.relatedNote].join('\n\n');
  return { kind: 'related', text, citations: input.sources.map((s, i) => citationOf(s, quotes[i]!)), mode: 'offline' };
}

/** A refusal; naming the thing asked about that no source mentions, when that is why. */
export function refusal(locale: Locale, notes: string[] = [], unnamed?: string): Answer {
  const m = messages(locale);
  return { kind: 'refusal', text: [unnamed ? m.unnamed(unnamed) : m.refusal, ...notes].join('\n\n'), citations: [], mode: 'offline' };
}
