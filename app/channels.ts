import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { startTelegram, TELEGRAM_WEBHOOK_PATH, type TelegramChannel } from '../bot/telegram/index.js';
import { createWeComChannel, WECOM_CHAT_PREFIXES } from '../bot/wecom/index.js';
import type { MediaStore } from '../domain/index.js';
import type { UpdateDedupRepo } from '../domain/tips.js';
import type { ConversationHandler } from '../handlers/index.js';
import type { ChatRouter } from './chat-router.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * The chat channels besides the web page: each starts only when configured, registers its chat
 * prefixes for pushes, and mounts its HTTP callbacks (Telegram webhook, WeCom callback) on the app.
 */
export async function startChannels(
  config: AppConfig,
  deps: { handler: ConversationHandler; media: MediaStore; dedup: UpdateDedupRepo; chat: ChatRouter; redis?: Redis; log: Logger },
) {
  const { handler, media, chat, log } = deps;
  const wecom = createWeComChannel(config.wecom, { handler, logger: log, media, redis: deps.redis });
  chat.register([...WECOM_CHAT_PREFIXES], wecom.chatPort);

  let telegram: TelegramChannel | undefined;
  if (config.telegram) {
    telegram = await startTelegram({ ...config.telegram, handler, media, dedup: deps.dedup, log, defaultLocale: config.defaultLocale });
    chat.register(['tg'], telegram.chatPort);
  }

  return {
    wecom,
    telegram,
    health: () => ({ wecom: wecom.health(), telegram: telegram ? 'on' : 'off' }),
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
