import { z } from 'zod';

/**
 * The AI-alert API's slice of the environment. Off unless ALERT_SIGNING_KEY (32 bytes, base64) is set: it derives
 * every device's secret, so it must stay the same across restarts and replicas. Messages never echo its value.
 */
export const alertConfigSchema = z.object({
  ALERT_SIGNING_KEY: z
    .string()
    .trim()
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** Repeats of one device and alert type within this many minutes count on the same case. */
  ALERT_DEDUP_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** Requests per device per minute. */
  ALERT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
});
export type AlertEnv = z.infer<typeof alertConfigSchema>;

export interface AlertConfig {
  serverKey: Uint8Array;
  dedupWindowMs: number;
  perMinute: number;
}

export const resolveAlertConfig = (env: AlertEnv): AlertConfig | undefined =>
  env.ALERT_SIGNING_KEY
    ? {
        serverKey: new Uint8Array(Buffer.from(env.ALERT_SIGNING_KEY, 'base64')),
        dedupWindowMs: env.ALERT_DEDUP_MINUTES * 60_000,
        perMinute: env.ALERT_RATE_PER_MINUTE,
      }
    : undefined;
