import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** Where the lead mounts `webhookRoute`; the URL given to setWebhook is PUBLIC_URL + this path. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** Blank env values count as unset, so `.env` templates with empty lines stay valid. */
const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/**
 * The Telegram slice of the environment (PUBLIC_URL is global and passed in). Without a token the
 * channel is off. Messages never echo a value: the token and the secret are credentials.
 */
export const telegramConfigSchema = z.object({
  TELEGRAM_BOT_TOKEN: optionalString.pipe(z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA…').optional()),
  TELEGRAM_API_ROOT: optionalString.pipe(z.url({ message: 'must be a URL' }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 characters of A-Z, a-z, 0-9, _ and -').optional(),
  ),
});

export type TelegramEnv = z.infer<typeof telegramConfigSchema>;

export interface TelegramConfig {
  token: string;
  apiRoot?: string;
  /** Webhook mode (a public URL is configured); long polling otherwise. */
  webhook?: { url: string; secret: string };
}

export function resolveTelegramConfig(env: TelegramEnv, publicUrl?: string): TelegramConfig | undefined {
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  return {
    token,
    apiRoot: env.TELEGRAM_API_ROOT?.replace(/\/+$/, ''),
    webhook: publicUrl
      ? { url: publicUrl.replace(/\/+$/, '') + TELEGRAM_WEBHOOK_PATH, secret: env.TELEGRAM_WEBHOOK_SECRET ?? derivedSecret(token) }
      : undefined,
  };
}

/** Stable across restarts and instances, secret as long as the token is, and in Telegram's alphabet. */
const derivedSecret = (token: string) => createHmac('sha256', token).update('telegram-webhook-secret').digest('base64url');
