import type { CorpusIndex } from '../../corpus/corpus-index.js';
import type { DocRecord } from '../../corpus/records.js';
import { cjkBigrams } from '../../text/normalize.js';

/** Title for matching: no 《》, spaces, "中华人民共和国" or trailing "（2017版）". */
export const bareTitle = (t: string): string =>
  t.replace(/[《》\s\u3000]/g, '').replace(/^中华人民共和国/, '').replace(/[（(][^）)]*[）)]$/, '');

/** Share of `name`'s character bigrams found in `title`. */
export function overlap(name: string, title: string): number {
  const n = cjkBigrams(name);
  const t = new Set(cjkBigrams(title));
  return n.length === 0 ? 0 : n.filter((b) => t.has(b)).length / n.length;
}

export const regulations = (corpus: CorpusIndex): DocRecord[] => [...corpus.docs.values()].filter((d) => d.kind === 'regulation');

/** The article labels a document has, in order (`第一条` …), without the 题注 or paragraph chunks. */
export function articleLabels(corpus: CorpusIndex, doc: DocRecord): string[] {
  const labels = doc.chunkIds.map((id) => corpus.chunks.get(id)?.article ?? '').filter((a) => /^第.+条/.test(a));
  return [...new Set(labels)];
}

export function articleText(corpus: CorpusIndex, doc: DocRecord, label: string): string {
  const texts = doc.chunkIds.map((id) => corpus.chunks.get(id)).filter((c) => c?.article === label).map((c) => c!.text);
  return texts[0] ?? '';
}

/**
 * The indexed regulation a piece of text names just before an article number ("安全生产法第…",
 * "《有限空间规定》第…"): the longest tail of `before` that ends like a rule's name and whose bigrams the
 * title mostly contains.
 */
export function docNamedBefore(before: string, docs: DocRecord[]): DocRecord | undefined {
  const tail = before.replace(/[》\s的]+$/, '').slice(-30);
  if (!/(法|规定|标准|办法|条例|细则|规程)$/.test(tail)) return undefined;
  let best: { doc: DocRecord; score: number } | undefined;
  for (let len = 3; len <= tail.length; len++) {
    const name = tail.slice(-len).replace(/^《/, '');
    for (const doc of docs) {
      const o = overlap(name, bareTitle(doc.title));
      const score = o >= 0.75 ? len * o : 0;
      if (score > (best?.score ?? 0)) best = { doc, score };
    }
  }
  return best?.doc;
}
