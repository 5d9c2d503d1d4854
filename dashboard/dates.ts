import { endOfDayShanghai, formatDate, formatDateTime, parseDate } from '../handlers/format.js';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3600_000;

export const day = (d: Date | undefined): string => (d ? formatDate(d, 'zh-CN') : '');
export const dateTime = (d: Date | undefined): string => (d ? formatDateTime(d, 'zh-CN') : '');

/** `2026年5月31日`: how dates are written in an official document. */
export function cnDay(d: Date): string {
  const s = new Date(d.getTime() + SHANGHAI);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** `2026-05-31` in Asia/Shanghai, the value of an <input type="date">. */
export const isoDay = (d: Date): string => new Date(d.getTime() + SHANGHAI).toISOString().slice(0, 10);

/** First instant of the Shanghai calendar day of an <input type="date"> value. */
export function dayStart(value: string | undefined): Date | undefined {
  const end = value ? parseDate(value) : undefined;
  return end ? new Date(end.getTime() + 1 - DAY) : undefined;
}

/** First instant of the next Shanghai day: the exclusive end of a date range that includes `value`. */
export function dayAfter(value: string | undefined): Date | undefined {
  const start = dayStart(value);
  return start && new Date(start.getTime() + DAY);
}

/** End of that Shanghai day: a 整改期限 given as a date expires when the day ends. */
export const dayEnd = (value: string | undefined): Date | undefined => (value ? parseDate(value) : undefined);

export interface Month {
  year: number;
  month: number; // 1–12
}

export const monthKey = (m: Month): string => `${m.year}-${String(m.month).padStart(2, '0')}`;

/** The Shanghai month an instant falls in. */
export function monthOf(d: Date): Month {
  const s = new Date(d.getTime() + SHANGHAI);
  return { year: s.getUTCFullYear(), month: s.getUTCMonth() + 1 };
}

export function parseMonth(value: string | undefined): Month | undefined {
  const m = /^(\d{4})-(\d{1,2})$/.exec(value ?? '');
  const month = Number(m?.[2]);
  return m && month >= 1 && month <= 12 ? { year: Number(m[1]), month } : undefined;
}

/** [start, end) of a Shanghai calendar month. */
export function monthRange(m: Month): { start: Date; end: Date } {
  const start = new Date(endOfDayShanghai(m.year, m.month, 0).getTime() + 1);
  const end = new Date(endOfDayShanghai(m.year, m.month + 1, 0).getTime() + 1);
  return { start, end };
}

export const addMonths = (m: Month, n: number): Month => {
  const i = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
};

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; monthKey(m) <= monthKey(to) && out.length < 120; m = addMonths(m, 1)) out.push(m);
  return out;
}

export const daysBetween = (a: Date, b: Date): number => (b.getTime() - a.getTime()) / DAY;
