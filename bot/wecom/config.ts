import { z } from 'zod';

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com/cgi-bin';

/** Blank env values count as unset, so `.env` templates with empty lines stay valid. */
const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);
const optionalUrl = optionalString.pipe(z.url({ message: 'must be a URL' }).optional());

const webhookPair = /^[\w-]+=[\w-]+$/;
const mediaHost = /^[a-z0-9.-]+$/i;
const mediaOrigin = /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i;

/**
 * The WeCom slice of the environment. Every field is optional; a mode is on only when all of its
 * fields are present, and a half-configured mode is an error naming what is missing. Messages never
 * echo a value, since most of these are secrets.
 */
export const wecomConfigSchema = z
  .object({
    WECOM_BOT_ID: optionalString,
    WECOM_BOT_SECRET: optionalString,
    WECOM_WS_URL: optionalUrl,
    /**
     * Where the bot's image URLs may point, comma-separated: https host suffixes, or exact origins
     * (`scheme://host:port`) for a privately deployed WeCom whose media server is not Tencent's.
     */
    WECOM_MEDIA_HOSTS: optionalString.pipe(
      z
        .string()
        .refine(
          (v) => v.split(',').every((p) => mediaHost.test(p.trim()) || mediaOrigin.test(p.trim())),
          'must be host names or origins (scheme://host:port) separated by commas',
        )
        .optional(),
    ),
    WECOM_CORP_ID: optionalString,
    WECOM_AGENT_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be a number').optional()),
    WECOM_APP_SECRET: optionalString,
    WECOM_CALLBACK_TOKEN: optionalString,
    WECOM_ENCODING_AES_KEY: optionalString.pipe(
      z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey').optional(),
    ),
    WECOM_API_BASE: optionalUrl,
    WECOM_WEBHOOK_KEYS: optionalString.pipe(
      z
        .string()
        .refine((v) => v.split(',').every((p) => webhookPair.test(p.trim())), 'must look like name=key,name2=key2')
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    for (const mode of modes) {
      const present = [...mode.required, ...mode.extra].filter((f) => env[f] !== undefined);
      const missing = mode.required.filter((f) => env[f] === undefined);
      if (present.length > 0 && missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [missing[0]!],
          message: `WeCom ${mode.name} is partly configured: missing ${missing.join(', ')}`,
        });
      }
    }
  });

export type WeComEnv = z.infer<typeof wecomConfigSchema>;
type Field = keyof WeComEnv;

const modes: { name: string; required: Field[]; extra: Field[] }[] = [
  { name: 'intelligent bot', required: ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'], extra: ['WECOM_WS_URL'] },
  {
    name: 'self-built app',
    required: ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_APP_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_ENCODING_AES_KEY'],
    extra: [],
  },
];

export interface AiBotConfig {
  botId: string;
  secret: string;
  wsUrl?: string;
  /** Where image URLs may point (aibot/media-fetch.ts DEFAULT_MEDIA_HOSTS when unset). */
  mediaHosts?: string[];
  /** Exact origins trusted besides the https hosts (a private WeCom deployment's media server). */
  mediaOrigins?: string[];
}

export interface AppConfig {
  corpId: string;
  agentId: number;
  secret: string;
  callbackToken: string;
  encodingAESKey: string;
}

/** The enabled modes, ready for the factories; absent modes are simply undefined. */
export interface WeComConfig {
  aibot?: AiBotConfig;
  app?: AppConfig;
  apiBase: string;
  /** webhook name → key */
  webhooks: Record<string, string>;
}

export function resolveWeComConfig(env: WeComEnv): WeComConfig {
  const webhooks: Record<string, string> = {};
  for (const pair of env.WECOM_WEBHOOK_KEYS?.split(',') ?? []) {
    const [name, key] = pair.trim().split('=') as [string, string];
    webhooks[name] = key;
  }
  return {
    aibot:
      env.WECOM_BOT_ID && env.WECOM_BOT_SECRET
        ? {
            botId: env.WECOM_BOT_ID,
            secret: env.WECOM_BOT_SECRET,
            wsUrl: env.WECOM_WS_URL,
            ...mediaPlaces(env.WECOM_MEDIA_HOSTS),
          }
        : undefined,
    app:
      env.WECOM_CORP_ID && env.WECOM_AGENT_ID && env.WECOM_APP_SECRET && env.WECOM_CALLBACK_TOKEN && env.WECOM_ENCODING_AES_KEY
        ? {
            corpId: env.WECOM_CORP_ID,
            agentId: Number(env.WECOM_AGENT_ID),
            secret: env.WECOM_APP_SECRET,
            callbackToken: env.WECOM_CALLBACK_TOKEN,
            encodingAESKey: env.WECOM_ENCODING_AES_KEY,
          }
        : undefined,
    apiBase: (env.WECOM_API_BASE ?? DEFAULT_API_BASE).replace(/\/+$/, ''),
    webhooks,
  };
}

/** Splits WECOM_MEDIA_HOSTS into host suffixes and exact origins; unset keeps the defaults. */
function mediaPlaces(raw: string | undefined): Pick<AiBotConfig, 'mediaHosts' | 'mediaOrigins'> {
  if (!raw) return {};
  const items = raw.split(',').map((h) => h.trim().toLowerCase());
  const origins = items.filter((i) => mediaOrigin.test(i)).map((o) => new URL(o).origin);
  const hosts = items.filter((i) => mediaHost.test(i));
  return { ...(hosts.length ? { mediaHosts: hosts } : { mediaHosts: [] }), ...(origins.length ? { mediaOrigins: origins } : {}) };
}
