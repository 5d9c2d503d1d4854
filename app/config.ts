import { z } from 'zod';
// Config slices come from each part's config module, not its index: reading the config must not load
// the SDKs (grammY, WeCom, BullMQ) of channels that are not configured.
import { resolveTelegramConfig, telegramConfigSchema, type TelegramConfig } from '../bot/telegram/config.js';
import { resolveWeComConfig, wecomConfigSchema, type WeComConfig } from '../bot/wecom/config.js';
import { alertConfigSchema, resolveAlertConfig, type AlertConfig } from '../bot/alerts/config.js';
import { mailConfigSchema, resolveMailConfig, type MailConfig } from '../bot/mail/config.js';
import { tipConfigSchema, tipContactKey } from '../handlers/tips/config.js';
import { jobsConfigSchema, toJobsConfig, type JobsConfig } from '../jobs/config.js';
import type { LlmConfig } from '../knowledge/index.js';

/**
 * The one place that reads the environment. Each part of the app gets its own slice.
 * A bad value exits listing every problem, naming variables but never echoing their values.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const bytes = z.coerce.number().int().positive();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public base URL of this service (links in messages, Telegram webhook). */
  PUBLIC_URL: z.url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'must be Latin letters, digits or _')
    .default('zezhou_safety'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  CASE_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/)
    .default('ZZ'),
  MAX_UPLOAD_BYTES: bytes.default(10 * 1024 * 1024),
  MAX_PHOTO_PIXELS: bytes.default(40_000_000),
  SECURE_COOKIES: bool.optional(),
  /**
   * How many reverse proxies in front of the app append to X-Forwarded-For (the client is the entry that
   * many hops from the right; the rest is client-written). 0/false: none; true means 1.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, 'must be a number of proxy hops (0-9), true (=1) or false (=0)')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
    .default(0),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_CHAT_MODEL: z.string().min(1).optional(),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).optional(),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  OPENAI_EMBEDDING_BATCH_SIZE: z.coerce.number().int().positive().optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
});

export type Env = z.infer<typeof configSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { port: number; host: string; publicUrl?: string; secureCookies: boolean; trustProxy: number };
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  store: { kind: 'mongo'; uri: string; dbName: string } | { kind: 'sqlite'; file: string; mediaDir: string };
  redisUrl?: string;
  cases: { numberPrefix: string };
  uploads: { maxBytes: number; maxPixels: number };
  defaultLocale: Env['DEFAULT_LOCALE'];
  llm?: LlmConfig & { timeoutMs: number; maxRetries: number };
  jobs: JobsConfig;
  wecom: WeComConfig;
  telegram?: TelegramConfig;
  tips: { contactKey?: Uint8Array };
  /** AI 预警 API; absent (off) without ALERT_SIGNING_KEY. */
  alerts?: AlertConfig;
  /** 举报邮箱 (IMAP + SMTP); absent (off) without MAIL_IMAP_URL. */
  mail?: MailConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings mean "unset" (docker-compose and .env files produce them).
  const env = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  // Every slice is checked before failing, so one start lists every problem at once.
  const parsed = configSchema.safeParse(env);
  const jobs = jobsConfigSchema.safeParse(env);
  const wecom = wecomConfigSchema.safeParse(env);
  const telegram = telegramConfigSchema.safeParse(env);
  const tips = tipConfigSchema.safeParse(env);
  const alerts = alertConfigSchema.safeParse(env);
  const mail = mailConfigSchema.safeParse(env);
  const mailResolved = mail.success ? resolveMailConfig(mail.data) : { problems: [] };
  const problems = [parsed, jobs, wecom, telegram, tips, alerts, mail].flatMap((r) =>
    r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  );
  if (!parsed.success || !jobs.success || !wecom.success || !telegram.success || !tips.success || !alerts.success || !mail.success || mailResolved.problems.length) {
    throw new ConfigError([...problems, ...mailResolved.problems]);
  }
  const e = parsed.data;

  const llmKeys = ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_CHAT_MODEL'] as const;
  const llmSet = llmKeys.filter((k) => e[k] !== undefined);
  if (llmSet.length > 0 && llmSet.length < llmKeys.length) {
    throw new ConfigError(
      llmKeys.filter((k) => e[k] === undefined).map((k) => `${k}: required when any of ${llmKeys.join(', ')} is set`),
    );
  }

  const dataDir = e.DATA_DIR;
  return {
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL,
      secureCookies: e.SECURE_COOKIES ?? e.PUBLIC_URL?.startsWith('https://') ?? false,
      trustProxy: e.TRUST_PROXY,
    },
    dataDir,
    logLevel: e.LOG_LEVEL,
    store: e.MONGODB_URI
      ? { kind: 'mongo', uri: e.MONGODB_URI, dbName: e.MONGODB_DB }
      : { kind: 'sqlite', file: `${dataDir}/zezhou.sqlite`, mediaDir: `${dataDir}/media` },
    redisUrl: e.REDIS_URL,
    cases: { numberPrefix: e.CASE_NUMBER_PREFIX },
    uploads: { maxBytes: e.MAX_UPLOAD_BYTES, maxPixels: e.MAX_PHOTO_PIXELS },
    defaultLocale: e.DEFAULT_LOCALE,
    llm:
      e.OPENAI_BASE_URL && e.OPENAI_API_KEY && e.OPENAI_CHAT_MODEL
        ? {
            baseURL: e.OPENAI_BASE_URL,
            apiKey: e.OPENAI_API_KEY,
            chatModel: e.OPENAI_CHAT_MODEL,
            embeddingModel: e.OPENAI_EMBEDDING_MODEL,
            embeddingDimensions: e.OPENAI_EMBEDDING_DIMENSIONS,
            embeddingBatchSize: e.OPENAI_EMBEDDING_BATCH_SIZE,
            timeoutMs: e.OPENAI_TIMEOUT_MS,
            maxRetries: e.OPENAI_MAX_RETRIES,
          }
        : undefined,
    jobs: toJobsConfig(jobs.data),
    wecom: resolveWeComConfig(wecom.data),
    telegram: resolveTelegramConfig(telegram.data, e.PUBLIC_URL),
    tips: { contactKey: tipContactKey(tips.data) },
    alerts: resolveAlertConfig(alerts.data),
    mail: mailResolved.config,
  };
}

/** For entry points: a bad configuration prints every problem and exits with status 2. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}
