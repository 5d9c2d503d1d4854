import type { LegalStructure } from './legal-structure.js';

export interface RepealClaim {
  title: string;
  docNumber?: string;
}

export interface DocMetadata {
  title: string;
  docNumber?: string;
  effectiveDate?: string;
  /** Declared repealed by the file itself (front matter `status: repealed`, or 已废止 in the title). */
  repealed: boolean;
  /** Documents this one repeals ("《X》（…号）同时废止", or front matter `repeals:`). */
  repeals: RepealClaim[];
  /** Years of the texts an amended law has had (adopted, then each 修正/修订), oldest first; the last is in force. */
  versions: number[];
}

const DOC_NUMBER_RES = [
  /((?:[\u4e00-\u9fa5]{1,20})令第[0-9零〇一二三四五六七八九十百千]+号)/,
  /([\u4e00-\u9fa5]{1,12}[〔[（(]\d{4}[〕\]）)]\d+号)/,
];
const REPEAL_RE = /《([^》]{2,80})》(?:[（(]([^）)]{2,60})[）)])?(?:同时|予以|即行|自行)?废止/g;

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(asText).filter(Boolean).join('；') || undefined;
  return undefined;
}

function findDocNumber(s: string): string | undefined {
  for (const re of DOC_NUMBER_RES) {
    const m = re.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

/** The latest date mentioned: for an amended law that is the date the current text took effect. */
function latestDate(s: string): string | undefined {
  const dates = [...s.matchAll(/(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?/g)].map(
    (m) => `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`,
  );
  return dates.sort().at(-1);
}

/** "2002年6月29日…通过；2009年8月27日第一次修正；…" (front matter `history`, or the title's "（2021年修正）"). */
function versionYears(history: string | undefined, title: string): number[] {
  const years = [...(history ?? '').matchAll(/(\d{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?[^；;。]*?(通过|修正|修订|公布)/g)].map((m) => Number(m[1]));
  const titled = /[（(](\d{4})年(?:修正|修订)/.exec(title)?.[1];
  return [...new Set([...years, ...(titled ? [Number(titled)] : [])])].sort((a, b) => a - b);
}

export function repealClaims(text: string): RepealClaim[] {
  return [...text.matchAll(REPEAL_RE)].map((m) => {
    const docNumber = m[2] ? findDocNumber(m[2]) : undefined;
    return docNumber ? { title: m[1]!, docNumber } : { title: m[1]! };
  });
}

export function docMetadata(input: {
  frontMatter: Record<string, unknown>;
  formatTitle?: string;
  structure: LegalStructure;
  text: string;
  fallbackTitle: string;
}): DocMetadata {
  const fm = input.frontMatter;
  const { structure } = input;
  const firstLines = structure.preamble.slice(0, 12).join('\n');
  const title =
    asText(fm.title) ??
    input.formatTitle ??
    structure.heading ??
    structure.preamble.find((l) => l.length <= 40 && !/[。；]/.test(l)) ??
    input.fallbackTitle;
  const fmNumber = asText(fm.document_number);
  const docNumber = fmNumber ? (findDocNumber(fmNumber) ?? (fmNumber.length <= 40 ? fmNumber : undefined)) : findDocNumber(firstLines);
  const fmDate = asText(fm.effective_date);
  const textDate = /自(\d{4}年\d{1,2}月\d{1,2}日)起施行/.exec(input.text)?.[1];
  const effectiveDate = fmDate ? latestDate(fmDate) : textDate ? latestDate(textDate) : undefined;
  const status = asText(fm.status)?.toLowerCase();
  const fmRepeals = asText(fm.repeals);
  const claims = [...(fmRepeals ? repealClaims(fmRepeals.includes('废止') ? fmRepeals : `${fmRepeals}废止`) : []), ...repealClaims(input.text)];
  const unique = new Map(claims.map((c) => [`${c.title}|${c.docNumber ?? ''}`, c]));
  return {
    // Cite the law by its name; which revision is current shows in effectiveDate.
    title: title.replace(/^《|》$/g, '').replace(/[（(]\d{4}年(?:修正|修订|修正本|修订本)[）)]$/, ''),
    ...(docNumber ? { docNumber } : {}),
    ...(effectiveDate ? { effectiveDate } : {}),
    repealed: status === 'repealed' || status === '废止' || status === '已废止' || /已废止|（废止）/.test(title),
    repeals: [...unique.values()],
    versions: versionYears(asText(fm.history), title),
  };
}
