/**
 * Splits text for Telegram's limits (Bot API › sendMessage: 1-4096 characters after entity parsing;
 * captions 0-1024). Telegram counts UTF-16 code units, so pieces are measured in `.length`, and
 * cuts fall between grapheme clusters: an emoji (surrogate pair, ZWJ sequence, flag) is never halved.
 * A cut prefers the last line break in the second half of a piece.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export function splitForTelegram(text: string, max = 4096): string[] {
  if (text.length <= max) return text ? [text] : [];
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of segmenter.segment(text)) {
    if (current.length + segment.length > max) {
      const breakAt = current.lastIndexOf('\n');
      if (breakAt > max / 2) {
        pieces.push(current.slice(0, breakAt));
        current = current.slice(breakAt + 1);
      } else {
        pieces.push(current);
        current = '';
      }
    }
    current += segment;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The first `max` UTF-16 units of `text`, cut between graphemes. */
export function truncateForTelegram(text: string, max: number): string {
  return splitForTelegram(text, max)[0] ?? '';
}
