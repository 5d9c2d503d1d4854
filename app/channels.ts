import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { TELEGRAM_WEBHOOK_PATH } from '../bot/telegram/config.js';
import type { TelegramChannel } from '../bot/telegram/index.js';
import { chatOwner } from '../bot/wecom/chat-owner.js';
import { WECOM_CHAT_PREFIXES } from '../bot/wecom/chat-ref.js';
import type { AiBotHealth, WeComChannel } from '../bot/wecom/index.js';
import type { IdentityRepo, MediaStore } from '../domain/index.js';
import type { ButtonTokenRepo } from '../domain/button-tokens.js';
import type { RateLimits } from '../domain/rate-limit.js';
import type { UpdateDedupRepo } from '../domain/tips.js';
import type { ConversationHandler } from '../handlers/index.js';
import { channelHealth, type ChannelHealth, type ChannelState } from './channel-health.js';
import type { ChatRouter } from './chat-router.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * The chat channels besides the web page: each starts only when configured, registers its chat
 * prefixes for pushes, and mounts its HTTP callbacks (Telegram webhook, WeCom callback) on the app.
 */
export async function startChannels(
  config: AppConfig,
  deps: {
    handler: ConversationHandler;
    media: MediaStore;
    dedup: UpdateDedupRepo;
    chat: ChatRouter;
    redis?: Redis;
    log: Logger;
    /** Send caps shared by replicas (Redis-backed when REDIS_URL is set). */
    rateLimits?: RateLimits;
    /** Tells the WeCom port who a chat belongs to, for pushes the bot cannot make. */
    identities?: IdentityRepo;
    health?: ChannelHealth;
    /** Telegram's shortened button values (store or Redis): required with Telegram configured. */
    buttonTokens?: ButtonTokenRepo;
  },
) {
  const { handler, media, chat, log } = deps;
  const health = deps.health ?? channelHealth;
  const publicUrl = config.http.publicUrl?.replace(/\/+$/, '');
  // A channel's modules (and its SDK) are loaded only when it is configured.
  const wecomOn = Boolean(config.wecom.aibot || config.wecom.app || Object.keys(config.wecom.webhooks).length);
  const { createWeComChannel } = wecomOn ? await import('../bot/wecom/index.js') : { createWeComChannel: () => noWeCom };
  const wecom = createWeComChannel(config.wecom, {
    handler,
    logger: log,
    media,
    redis: deps.redis,
    rateLimits: deps.rateLimits,
    personOf: deps.identities && chatOwner(deps.identities),
    cardLink: publicUrl && `${publicUrl}/dashboard`,
    onBotState: (h) => health.set('wecom-bot', botChannelState(h), h.lastError),
  });
  if (wecomOn) chat.register([...WECOM_CHAT_PREFIXES], wecom.chatPort);
  health.set('wecom-bot', config.wecom.aibot ? 'standby' : 'disabled');
  health.set('wecom-app', config.wecom.app ? 'connected' : 'disabled');

  let telegram: TelegramChannel | undefined;
  if (config.telegram) {
    const { startTelegram } = await import('../bot/telegram/index.js');
    if (!deps.rateLimits) throw new Error('the Telegram channel needs rate limits (per-user inbound limit)');
    if (!deps.buttonTokens) throw new Error('the Telegram channel needs a button token store');
    telegram = await startTelegram({
      ...config.telegram, handler, media, dedup: deps.dedup, log, defaultLocale: config.defaultLocale, rateLimits: deps.rateLimits, buttonTokens: deps.buttonTokens,
    });
    chat.register(['tg'], telegram.chatPort);
  }
  health.set('telegram', telegram ? 'connected' : 'disabled');

  return {
    wecom,
    telegram,
    health: () => ({ wecom: wecom.health(), telegram: telegram ? 'on' : 'off', channels: health.snapshot() }),
    mount(http: Hono): void {
      if (telegram?.webhookRoute) http.post(TELEGRAM_WEBHOOK_PATH, telegram.webhookRoute);
      wecom.mount(http);
      wecom.start();
    },
    async stop(): Promise<void> {
      await Promise.all([telegram?.stop(), wecom.stop()]);
    },
  };
}

/** WeCom without any mode configured: nothing to mount, start or reach (its chats have no route). */
const noWeCom: WeComChannel = {
  chatPort: {
    handles: () => false,
    send: () => Promise.reject(new Error('WeCom is not configured')),
  },
  mount: () => undefined,
  start: () => undefined,
  stop: () => Promise.resolve(),
  idle: () => Promise.resolve(),
  health: () => ({}),
};

/** Reconnecting for a few seconds is not down: the SDK retries; only a kick or a final failure is. */
function botChannelState(h: AiBotHealth): ChannelState {
  switch (h.state) {
    case 'online':
      return 'connected';
    case 'kicked':
      return 'kicked';
    case 'failed':
      return 'failed';
    case 'stopped':
      return 'disabled';
    default:
      return 'standby';
  }
}
