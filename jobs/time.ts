/**
 * Calendar arithmetic in Asia/Shanghai, independent of the machine's TZ. China has kept UTC+8 with no
 * daylight saving since 1991, so Shanghai wall time is UTC shifted by a fixed 8 hours.
 * A "day" is a Shanghai calendar date written YYYY-MM-DD.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const shifted = (instant: Date): Date => new Date(instant.getTime() + OFFSET_MS);

export const dayOf = (instant: Date): string => shifted(instant).toISOString().slice(0, 10);

export const hourOf = (instant: Date): number => shifted(instant).getUTCHours();

export function isValidDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

const dayStartUtcMs = (day: string): number => {
  if (!isValidDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
};

/** The instant at hour:minute Shanghai time on `day`. */
export const atShanghai = (day: string, hour: number, minute = 0): Date =>
  new Date(dayStartUtcMs(day) - OFFSET_MS + (hour * 60 + minute) * 60_000);

export const endOfDay = (day: string): Date => new Date(atShanghai(day, 24).getTime() - 1);

export const addDays = (day: string, n: number): string =>
  new Date(dayStartUtcMs(day) + n * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((dayStartUtcMs(to) - dayStartUtcMs(from)) / DAY_MS);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => new Date(dayStartUtcMs(day)).getUTCDay();

/** The first hour:minute Shanghai time strictly after `now`. */
export function nextDailyAt(now: Date, hour: number, minute: number): Date {
  const today = atShanghai(dayOf(now), hour, minute);
  return today.getTime() > now.getTime() ? today : atShanghai(addDays(dayOf(now), 1), hour, minute);
}

/** Quiet hours as [start, end) whole hours in Shanghai time; start > end wraps past midnight (22–7). */
export interface QuietHours {
  start: number;
  end: number;
}

export function inQuietHours(instant: Date, q: QuietHours): boolean {
  const h = hourOf(instant);
  return q.start <= q.end ? h >= q.start && h < q.end : h >= q.start || h < q.end;
}

/** Moves an instant that falls in quiet hours to the end of that quiet period. */
export function outOfQuietHours(instant: Date, q: QuietHours | null): Date {
  if (!q || !inQuietHours(instant, q)) return instant;
  const day = dayOf(instant);
  const sameDayEnd = atShanghai(day, q.end);
  return sameDayEnd.getTime() > instant.getTime() ? sameDayEnd : atShanghai(addDays(day, 1), q.end);
}
