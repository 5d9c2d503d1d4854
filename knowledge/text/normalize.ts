/** Full-width ASCII → half-width, ideographic space → space, lower case: for matching only, never for display. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase();
}

const CJK = /[\u3400-\u9fff]/;

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

/** Overlapping character bigrams of every CJK run: robust to segmentation errors and typos. */
export function cjkBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}
