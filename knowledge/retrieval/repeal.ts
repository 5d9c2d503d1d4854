import type { DocRecord } from '../corpus/records.js';

function normalizeTitle(t: string): string {
  return t.replace(/[《》\s\u3000]/g, '').replace(/^中华人民共和国/, '');
}

function withoutVersion(t: string): string {
  return t.replace(/[（(][^）)]*[）)]$/, '');
}

function normalizeNumber(n: string): string {
  return n.replace(/[[（(【]/g, '〔').replace(/[\]）)】]/g, '〕').replace(/\s/g, '');
}

/**
 * Which documents are no longer in force: declared so by themselves, or named in a repeal statement of
 * another document ingested here ("《X》（…号）同时废止"). Matched by document number when both sides have
 * one, else by title (also ignoring a trailing "（2017版）"). Value: title of the repealing document, or null.
 */
export function repealedDocuments(docs: Iterable<DocRecord>): Map<string, string | null> {
  const all = [...docs];
  const out = new Map<string, string | null>();
  for (const d of all) if (d.declaredRepealed) out.set(d.key, null);
  for (const by of all) {
    for (const claim of by.repeals) {
      for (const d of all) {
        if (d === by) continue;
        const sameNumber = claim.docNumber && d.docNumber && normalizeNumber(claim.docNumber) === normalizeNumber(d.docNumber);
        const t = normalizeTitle(d.title);
        const c = normalizeTitle(claim.title);
        const sameTitle = t === c || withoutVersion(t) === withoutVersion(c);
        if (sameNumber || (sameTitle && !(claim.docNumber && d.docNumber))) out.set(d.key, by.title);
      }
    }
  }
  return out;
}
