/** The Telegram channel (grammY): long polling or webhook, albums, photos, tips, officials' actions. */
export { createTelegramBot, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { parseChatRef, toChatRef } from './chat-ref.js';
export { resolveTelegramConfig, telegramConfigSchema, TELEGRAM_WEBHOOK_PATH, type TelegramConfig, type TelegramEnv } from './config.js';
export type { PhotoSource } from './render.js';
export { startTelegram, type StartTelegramOptions, type TelegramChannel } from './start.js';
