/** The WeCom channel: intelligent bot (long connection), self-built app (callback + server API), group robots. */
export { createAiBotAdapter, type AiBotAdapter, type AiBotAdapterOptions, type AiBotHealth, type AiBotState } from './aibot/adapter.js';
export { WeComApiClient, type AppMessage, type WeComApiOptions } from './api/client.js';
export { WeComApiError, WeComRateLimitError } from './api/errors.js';
export { createAppSender, type AppSender, type CardClick } from './api/outbound.js';
export { MemoryTokenCache, RedisTokenCache, type TokenCache } from './api/token-cache.js';
export { mountWeComCallback, type CallbackRouteOptions, type CallbackRoutes } from './callback/routes.js';
export { WECOM_CAPABILITIES, channelCapabilities, type ChannelCapabilities } from './capabilities.js';
export { createWeComChannel, type WeComChannel, type WeComChannelDeps } from './channel.js';
export { createWeComChatPort, type WeComChatPort, type WeComChatPortDeps } from './chat-port.js';
export { WECOM_CHAT_PREFIXES, botChatRefOf, parseChatRef, toChatRef, type WeComTarget } from './chat-ref.js';
export { DEFAULT_API_BASE, resolveWeComConfig, wecomConfigSchema, type AiBotConfig, type AppConfig, type WeComConfig, type WeComEnv } from './config.js';
export type { PhotoSource } from './media.js';
export { MemorySeenStore, RedisSeenStore, type SeenStore } from './seen-store.js';
export { SlidingWindowLimiter, systemClock, type Clock } from './webhook/limiter.js';
export { WebhookRobot, type WebhookRobotOptions } from './webhook/robot.js';
