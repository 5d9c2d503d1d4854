import { createRequire } from 'node:module';
import { addDays, weekdayOf } from './time.js';

/**
 * Chinese working days: weekends and statutory holidays are off, 调休 weekends are worked.
 * Read from chinese-days' data file rather than its functions, which parse dates in the machine's TZ.
 */
interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as HolidayData;

/** `day` is YYYY-MM-DD in Asia/Shanghai. */
export function isWorkingDay(day: string): boolean {
  if (day in data.workdays) return true;
  if (day in data.holidays) return false;
  const wd = weekdayOf(day);
  return wd !== 0 && wd !== 6;
}

/** The holiday's Chinese name (国庆节, 春节 …) when `day` is a statutory holiday. */
export function holidayName(day: string): string | undefined {
  return data.holidays[day]?.split(',')[1];
}

/** Moves `n` working days from `day` (n > 0 forward, n < 0 back; n = 0 keeps `day`). */
export function addWorkingDays(day: string, n: number): string {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = day;
  while (left > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
