import { parseLegalStructure } from '../chunking/legal-structure.js';
import type { DraftChunks, DraftDoc } from '../corpus/build-document.js';
import type { CorpusIndex } from '../corpus/corpus-index.js';
import { IngestRefusal } from '../loaders/ingest-refusal.js';
import { parseChineseNumber, toChineseNumber } from '../text/chinese-numerals.js';

export interface CheckOptions {
  /** `--replace`: a document claiming an indexed title replaces it; duplicate articles keep the last one. */
  replace?: boolean;
}

const normalizeTitle = (t: string) => t.replace(/[\s\u3000《》]/g, '').replace(/^中华人民共和国/, '');
const normalizeText = (t: string) => t.replace(/[\s\u3000]/g, '');

/** Article labels that occur more than once in one file (a bad merge, two versions pasted together). */
export function duplicateArticles(text: string): string[] {
  const seen = new Map<string, number>();
  for (const a of parseLegalStructure(text).articles) seen.set(a.label, (seen.get(a.label) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([label]) => label);
}

/**
 * Article numbers that skip or go backwards (a page lost in copying, two parts pasted in the wrong order):
 * indexed as written, but the person ingesting is told where. 之一-style articles are inserted on purpose.
 */
export function articleNumberProblems(text: string): string[] {
  const numbers = parseLegalStructure(text)
    .articles.map((a) => /^第(.+?)条$/.exec(a.label)?.[1])
    .map((n) => (n === undefined ? Number.NaN : parseChineseNumber(n)));
  const out: string[] = [];
  let last = 0;
  for (const n of numbers) {
    if (Number.isNaN(n)) continue;
    if (n > last + 1) out.push(n - last === 2 ? `缺第${toChineseNumber(last + 1)}条` : `缺第${toChineseNumber(last + 1)}条至第${toChineseNumber(n - 1)}条`);
    else if (n <= last) out.push(`第${toChineseNumber(n)}条出现在第${toChineseNumber(last)}条之后`);
    last = Math.max(last, n);
  }
  return out;
}

/** The text with only the last occurrence of each duplicated article (what `--replace` means inside one file). */
export function keepLastOccurrence(text: string, labels: string[]): string {
  const lines = text.split('\n');
  const starts: { label: string; at: number }[] = [];
  lines.forEach((l, at) => {
    const m = /^[\s\u3000>#*]*(第[0-9零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?)[\s\u3000]/.exec(l);
    if (m) starts.push({ label: m[1]!, at });
  });
  const drop = new Set<number>();
  starts.forEach((s, i) => {
    if (!labels.includes(s.label) || starts.slice(i + 1).every((x) => x.label !== s.label)) return;
    const end = i + 1 < starts.length ? starts[i + 1]!.at : lines.length;
    for (let k = s.at; k < end; k++) drop.add(k);
  });
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}

function articleTexts(chunks: { article: string; text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of chunks) out.set(c.article, (out.get(c.article) ?? '') + normalizeText(c.text));
  return out;
}

export type TitleCheck = { kind: 'new' } | { kind: 'same-text'; key: string } | { kind: 'replaces'; key: string; articles: string[] };

/**
 * Another indexed document with the same title (a second copy, or a different version claiming to be the
 * current one): identical articles are a duplicate copy; differing articles are refused unless `--replace`,
 * which then replaces the indexed document.
 */
export function checkTitle(doc: DraftDoc, chunks: DraftChunks, corpus: CorpusIndex, opts: CheckOptions): TitleCheck {
  const title = normalizeTitle(doc.title);
  const other = [...corpus.docs.values()].find((d) => d.key !== doc.key && d.kind === 'regulation' && normalizeTitle(d.title) === title);
  if (!other) return { kind: 'new' };
  const mine = articleTexts(chunks);
  const theirs = articleTexts(other.chunkIds.map((id) => corpus.chunks.get(id)!).filter(Boolean));
  const differing = [...mine.keys()].filter((a) => theirs.has(a) && theirs.get(a) !== mine.get(a));
  const sameSet = mine.size === theirs.size && [...mine.keys()].every((a) => theirs.has(a));
  if (differing.length === 0 && sameSet) return { kind: 'same-text', key: other.key };
  if (!opts.replace) {
    const shown = differing.slice(0, 5).join('、');
    throw new IngestRefusal(
      'title-conflict',
      `《${doc.title}》已由“${other.source}”收录，本文件${differing.length ? `的${shown}${differing.length > 5 ? '等' : ''}条文与之不同` : '的条文与之不一致'}：未导入。如本文件是应当取代它的现行版本，请加 --replace 重新导入；否则请核对文件。`,
    );
  }
  return { kind: 'replaces', key: other.key, articles: differing };
}

/** A refusal for duplicated article numbers, or (with `--replace`) the text keeping each one's last occurrence. */
export function checkDuplicateArticles(text: string, opts: CheckOptions): { text: string; duplicates: string[] } {
  const duplicates = duplicateArticles(text);
  if (duplicates.length === 0) return { text, duplicates };
  if (!opts.replace) {
    throw new IngestRefusal(
      'duplicate-articles',
      `文件中条号重复：${duplicates.slice(0, 10).join('、')}各出现不止一次（可能是两个版本拼在了一起）：未导入。请核对原文；如确认以后出现的条文为准，请加 --replace 重新导入。`,
    );
  }
  return { text: keepLastOccurrence(text, duplicates), duplicates };
}
