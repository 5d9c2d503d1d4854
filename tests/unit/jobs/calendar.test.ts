import { describe, expect, it } from 'vitest';
import { addDays, atShanghai, dayOf, daysBetween, hourOf, nextDailyAt, outOfQuietHours } from '../../../jobs/time.js';
import { addWorkingDays, holidayName, isWorkingDay } from '../../../jobs/working-days.js';
import { jobsConfigSchema, toJobsConfig } from '../../../jobs/config.js';

describe('Asia/Shanghai calendar (independent of the machine TZ)', () => {
  it('maps instants to Shanghai days and hours', () => {
    expect(dayOf(new Date('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
    expect(hourOf(new Date('2026-06-30T16:30:00Z'))).toBe(0);
    expect(atShanghai('2026-07-01', 9).toISOString()).toBe('2026-07-01T01:00:00.000Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(nextDailyAt(atShanghai('2026-07-01', 9), 9, 0).toISOString()).toBe(atShanghai('2026-07-02', 9).toISOString());
  });

  it('moves pushes out of quiet hours 22–7', () => {
    const q = { start: 22, end: 7 };
    expect(outOfQuietHours(atShanghai('2026-07-01', 23), q)).toEqual(atShanghai('2026-07-02', 7));
    expect(outOfQuietHours(atShanghai('2026-07-02', 3), q)).toEqual(atShanghai('2026-07-02', 7));
    const day = atShanghai('2026-07-02', 9);
    expect(outOfQuietHours(day, q)).toBe(day);
    expect(outOfQuietHours(atShanghai('2026-07-01', 23), null)).toEqual(atShanghai('2026-07-01', 23));
  });

  it('knows Chinese working days, holidays and 调休', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(holidayName('2026-10-01')).toBe('国庆节');
    expect(isWorkingDay('2026-06-27')).toBe(false); // a plain Saturday
    expect(isWorkingDay('2026-06-29')).toBe(true);
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    expect(addWorkingDays('2026-06-26', 0)).toBe('2026-06-26');
  });

  it('parses the jobs config slice with its defaults', () => {
    expect(toJobsConfig(jobsConfigSchema.parse({}))).toEqual({
      escalateAfterDays: 3,
      quietHours: { start: 22, end: 7 },
      countyChats: [],
      reminderHour: 9,
      sendRatePerSec: 20,
      noticePattern: '泽应急督〔{year}〕{n}号',
    });
    expect(jobsConfigSchema.safeParse({ SUPERVISION_DOC_PATTERN: '泽应急督〔{year}〕号' }).success).toBe(false);
    const c = toJobsConfig(jobsConfigSchema.parse({ QUIET_HOURS: 'off', COUNTY_CHATS: 'tg:-1, wecom:g1', ESCALATE_AFTER_DAYS: '5' }));
    expect(c).toMatchObject({ quietHours: null, countyChats: ['tg:-1', 'wecom:g1'], escalateAfterDays: 5 });
    expect(jobsConfigSchema.safeParse({ QUIET_HOURS: '25-7' }).success).toBe(false);
  });
});
