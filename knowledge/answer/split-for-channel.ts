/**
 * Splits text into pieces of at most `maxChars` characters (code points, so emoji and rare CJK
 * characters are never cut in half) for channels with message limits. Prefers paragraph breaks, then
 * sentence ends (。！？；), then commas, and only cuts mid-sentence when a sentence alone is too long.
 */
export function splitForChannel(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError('maxChars must be a positive integer');
  const chars = [...text.trim()];
  const out: string[] = [];
  let start = 0;
  while (chars.length - start > maxChars) {
    const window = chars.slice(start, start + maxChars);
    const cut = lastBreak(window, ['\n']) ?? lastBreak(window, ['。', '！', '？', '!', '?', '；', ';']) ?? lastBreak(window, ['，', ',', '、', ' ']) ?? maxChars;
    const piece = chars.slice(start, start + cut).join('').trim();
    if (piece) out.push(piece);
    start += cut;
  }
  const last = chars.slice(start).join('').trim();
  if (last) out.push(last);
  return out;
}

/** Length up to and including the last break character, ignoring breaks in the first third (too short a piece). */
function lastBreak(window: string[], breaks: string[]): number | undefined {
  for (let i = window.length - 1; i >= Math.floor(window.length / 3); i--) {
    if (breaks.includes(window[i]!)) return i + 1;
  }
  return undefined;
}
