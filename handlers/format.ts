import type { Case, Locale, Outbound, Choice } from '../domain/index.js';
import type { Translate } from '../locales/index.js';

const TZ = 'Asia/Shanghai';

export function formatDate(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function formatDateTime(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** End of the given calendar day in Asia/Shanghai: the moment a 限期整改 deadline expires. */
export function endOfDayShanghai(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 23 - 8, 59, 59, 999));
}

/** Calendar day in Asia/Shanghai `days` after `now`. */
export function daysFromNow(now: Date, days: number): Date {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  return endOfDayShanghai(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1, shanghai.getUTCDate() + days);
}

/** Accepts 2026-12-31, 2026/12/31, 2026.12.31 and 2026年12月31日. */
export function parseDate(text: string): Date | undefined {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = endOfDayShanghai(y, mo, d);
  const check = new Date(date.getTime() + 8 * 3600_000);
  return check.getUTCMonth() + 1 === mo && check.getUTCDate() === d ? date : undefined;
}

export const text = (t: string, choices?: Choice[][]): Outbound => (choices ? { kind: 'text', text: t, choices } : { kind: 'text', text: t });

export function caseLine(c: Case, t: Translate, locale: Locale): string {
  const due = c.deadline ? ` · ${t('case.due', { date: formatDate(c.deadline, locale) })}` : '';
  const sev = c.severity ? ` · ${t(`severity.${c.severity}`)}` : '';
  return `${c.number} · ${t(`status.${c.status}`)}${sev}${due}`;
}

export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
