import type { Hono } from 'hono';
import type { ChatOwner } from './chat-owner.js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChatRef } from '../../domain/index.js';
import type { RateLimits } from '../../domain/rate-limit.js';
import type { ConversationHandler } from '../../handlers/types.js';
import { createAiBotAdapter, type AiBotAdapter, type AiBotHealth } from './aibot/adapter.js';
import { MemoryBotConversations, RedisBotConversations } from './aibot/conversations.js';
import { MemoryLinkHints, RedisLinkHints } from './aibot/link-hints.js';
import { redisLease, soleLease } from './aibot/lease.js';
import { WeComApiClient } from './api/client.js';
import { createAppSender } from './api/outbound.js';
import { MemoryTokenCache, RedisTokenCache } from './api/token-cache.js';
import { mountWeComCallback, type CallbackRoutes } from './callback/routes.js';
import { createWeComChatPort, type WeComChatPort } from './chat-port.js';
import type { WeComConfig } from './config.js';
import type { PhotoSource } from './media.js';
import { MemorySeenStore, RedisSeenStore } from './seen-store.js';
import { createSendCaps } from './send-caps.js';
import { WebhookRobot } from './webhook/robot.js';

export interface WeComChannelDeps {
  handler: ConversationHandler;
  logger: Logger;
  media?: PhotoSource;
  /** When given, access tokens, dedupe memory, the bot's connection lease and bot conversations are shared by every instance. */
  redis?: Redis;
  /** Send caps are counted here (shared by replicas when it is Redis-backed). */
  rateLimits?: RateLimits;
  callbackPath?: string;
  /** Where a clicked bot card links to (the dashboard URL). */
  cardLink?: string;
  /** Told about every change of the bot connection's state (for /healthz). */
  onBotState?: (health: AiBotHealth) => void;
  /** Who a chat belongs to (official or not, other chats linked by /bind), for pushes the bot cannot make. */
  personOf?: (chat: ChatRef) => Promise<ChatOwner | undefined>;
  /** Lease timing (tests shorten it). */
  lease?: { ttlMs?: number; pollMs?: number; kickCooldownMs?: number };
}

export interface WeComChannel {
  readonly aibot?: AiBotAdapter;
  readonly api?: WeComApiClient;
  readonly chatPort: WeComChatPort;
  /** Mounts the callback routes when the self-built app is configured. */
  mount(app: Hono): CallbackRoutes | undefined;
  /** Competes for the bot's long connection: with Redis exactly one replica holds it (lease), the others stand by. */
  start(): void;
  /** Answers what was already received, then closes the connection. */
  stop(): Promise<void>;
  /** Resolves once every message and callback received so far has been answered (tests). */
  idle(): Promise<void>;
  health(): { aibot?: AiBotHealth };
}

/** Builds every configured WeCom mode from the resolved config slice. */
export function createWeComChannel(config: WeComConfig, deps: WeComChannelDeps): WeComChannel {
  const seen = deps.redis ? new RedisSeenStore(deps.redis) : new MemorySeenStore();
  const caps = createSendCaps(deps.rateLimits);
  const linkHints = deps.redis && config.aibot ? new RedisLinkHints(deps.redis, `wecom:aibot:link-hints:${config.aibot.botId}`) : new MemoryLinkHints();
  const aibot =
    config.aibot &&
    createAiBotAdapter({
      ...config.aibot,
      handler: deps.handler,
      logger: deps.logger,
      media: deps.media,
      seen,
      caps,
      cardLink: deps.cardLink,
      onState: deps.onBotState,
      kickCooldownMs: deps.lease?.kickCooldownMs,
      lease: deps.redis
        ? redisLease({ redis: deps.redis, key: `wecom:aibot:lease:${config.aibot.botId}`, logger: deps.logger, ...deps.lease })
        : soleLease(),
      conversations: deps.redis
        ? new RedisBotConversations(deps.redis, `wecom:aibot:conversations:${config.aibot.botId}`)
        : new MemoryBotConversations(),
      linkHints,
    });
  const api =
    config.app &&
    new WeComApiClient({
      corpId: config.app.corpId,
      agentId: config.app.agentId,
      secret: config.app.secret,
      baseUrl: config.apiBase,
      tokens: deps.redis ? new RedisTokenCache(deps.redis) : new MemoryTokenCache(),
      logger: deps.logger,
    });
  const sender = api && createAppSender(api, { media: deps.media, logger: deps.logger, caps });
  const webhooks = Object.fromEntries(
    Object.entries(config.webhooks).map(([name, key]) => [
      name,
      new WebhookRobot({ key, baseUrl: config.apiBase, media: deps.media, logger: deps.logger, caps, capKey: name }),
    ]),
  );
  const routes: CallbackRoutes[] = [];
  const idle = async () => void (await Promise.all([aibot?.idle(), ...routes.map((r) => r.idle())]));

  return {
    aibot,
    api,
    chatPort: createWeComChatPort({ aibot, app: sender, webhooks, personOf: deps.personOf, linkHints }),
    mount(app) {
      if (!config.app || !api || !sender) return undefined;
      const mounted = mountWeComCallback(app, {
        path: deps.callbackPath,
        corpId: config.app.corpId,
        token: config.app.callbackToken,
        encodingAESKey: config.app.encodingAESKey,
        handler: deps.handler,
        api,
        sender,
        seen,
        logger: deps.logger,
      });
      routes.push(mounted);
      return mounted;
    },
    start: () => aibot?.start(),
    idle,
    async stop() {
      // Replies travel over the connection, so it closes only after the in-flight work is done.
      await idle();
      await aibot?.stop();
    },
    health: () => ({ aibot: aibot?.health() }),
  };
}
