const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** `一百零一` → 101, `十一` → 11, `12` → 12; NaN when not a number. */
export function parseChineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
    } else if (ch in UNITS) {
      total += (digit === -1 ? 1 : digit) * UNITS[ch]!;
      digit = -1;
    } else {
      return Number.NaN;
    }
  }
  return total + (digit > 0 ? digit : 0);
}

/** 101 → `一百零一`, 11 → `十一`, 110 → `一百一十`: the form used in statute article numbers. */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = n;
  let pendingZero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (pendingZero) parts.push('零');
      // "十一" not "一十一" at the start, but "一百一十" inside.
      parts.push(d === 1 && value === 10 && parts.length === 0 ? name : CN_DIGITS[d]! + name);
      pendingZero = false;
    } else if (parts.length > 0) {
      pendingZero = true;
    }
  }
  if (rest > 0) {
    if (pendingZero) parts.push('零');
    parts.push(CN_DIGITS[rest]!);
  }
  return parts.join('');
}

/** Canonical article label: `第11条` / `第 十一 条` → `第十一条`. */
export function normalizeArticleLabel(label: string): string {
  const m = /^第\s*([0-9零〇一二三四五六七八九十百千两]+)\s*(条|段)$/.exec(label.trim());
  if (!m) return label.trim();
  const n = parseChineseNumber(m[1]!);
  return Number.isNaN(n) ? label.trim() : `第${toChineseNumber(n)}${m[2]}`;
}
