import { z } from 'zod';
import type { QuietHours } from './time.js';

/** The jobs slice of the environment; app/config.ts merges it and hands `toJobsConfig(parsed)` to jobs/. */
export const jobsConfigSchema = z.object({
  /** Overdue days after which a case is escalated (督办) to the county. */
  ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).max(90).default(3),
  /** "22-7" = no pushes from 22:00 to 07:00 Asia/Shanghai unless urgent; "off" disables. */
  QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]?\d|2[0-3])-([01]?\d|2[0-3]))$/, 'must be "H-H" (e.g. 22-7) or "off"')
    .default('22-7'),
  /** Comma-separated chats (tg:…, wecom:…) of the county bureau that receive 督办 notices. */
  COUNTY_CHATS: z.string().default(''),
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  /** Upper bound on reminder sends per second across all workers. */
  SEND_RATE_PER_SEC: z.coerce.number().positive().default(20),
  /** 文号 of the 督办通知书: {year} and {n} (from an atomic counter) are filled in. */
  SUPERVISION_DOC_PATTERN: z
    .string()
    .trim()
    .refine((s) => s.includes('{n}') && s.length <= 40, 'must contain {n} (e.g. 泽应急督〔{year}〕{n}号)')
    .default('泽应急督〔{year}〕{n}号'),
});

export type JobsEnv = z.infer<typeof jobsConfigSchema>;

export interface JobsConfig {
  escalateAfterDays: number;
  quietHours: QuietHours | null;
  countyChats: string[];
  reminderHour: number;
  sendRatePerSec: number;
  noticePattern: string;
}

export function toJobsConfig(env: JobsEnv): JobsConfig {
  const [start, end] = env.QUIET_HOURS === 'off' ? [] : env.QUIET_HOURS.split('-').map(Number);
  return {
    escalateAfterDays: env.ESCALATE_AFTER_DAYS,
    quietHours: start === undefined || end === undefined || start === end ? null : { start, end },
    countyChats: env.COUNTY_CHATS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reminderHour: env.REMINDER_HOUR,
    sendRatePerSec: env.SEND_RATE_PER_SEC,
    noticePattern: env.SUPERVISION_DOC_PATTERN,
  };
}

export const defaultJobsConfig = (): JobsConfig => toJobsConfig(jobsConfigSchema.parse({}));
