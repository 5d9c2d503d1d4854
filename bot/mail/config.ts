import { z } from 'zod';

/**
 * The e-mail channel's slice of the environment (举报邮箱). Off unless MAIL_IMAP_URL is set; then MAIL_SMTP_URL
 * and MAIL_FROM are required too. Credentials ride in the URLs (percent-encoded) and are never echoed.
 */
export const mailConfigSchema = z.object({
  /** imap://user:pass@host:143 (STARTTLS when offered) or imaps://user:pass@host:993 */
  MAIL_IMAP_URL: z.string().regex(/^imaps?:\/\/[^/]+/, 'must start with imap:// or imaps://').optional(),
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 */
  MAIL_SMTP_URL: z.string().regex(/^smtps?:\/\/[^/]+/, 'must start with smtp:// or smtps://').optional(),
  /** The bureau's tip address, the sender of every answer. */
  MAIL_FROM: z.email().optional(),
  MAIL_FOLDER: z.string().min(1).default('INBOX'),
  MAIL_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** A message bigger than this is answered ("too large") without being downloaded. */
  MAIL_MAX_MB: z.coerce.number().int().min(1).max(200).default(25),
});
export type MailEnv = z.infer<typeof mailConfigSchema>;

export interface MailConfig {
  imapUrl: string;
  smtpUrl: string;
  from: string;
  folder: string;
  pollMs: number;
  maxBytes: number;
}

/** Undefined when the channel is off; the problems when it is half configured. */
export function resolveMailConfig(env: MailEnv): { config?: MailConfig; problems: string[] } {
  if (!env.MAIL_IMAP_URL) return { problems: [] };
  const problems = (['MAIL_SMTP_URL', 'MAIL_FROM'] as const).filter((k) => !env[k]).map((k) => `${k}: required when MAIL_IMAP_URL is set`);
  if (problems.length || !env.MAIL_SMTP_URL || !env.MAIL_FROM) return { problems };
  return {
    problems: [],
    config: {
      imapUrl: env.MAIL_IMAP_URL,
      smtpUrl: env.MAIL_SMTP_URL,
      from: env.MAIL_FROM,
      folder: env.MAIL_FOLDER,
      pollMs: env.MAIL_POLL_SECONDS * 1000,
      maxBytes: env.MAIL_MAX_MB * 2 ** 20,
    },
  };
}
