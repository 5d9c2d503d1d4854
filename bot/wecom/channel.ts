import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ConversationHandler } from '../../handlers/types.js';
import { createAiBotAdapter, type AiBotAdapter, type AiBotHealth } from './aibot/adapter.js';
import { WeComApiClient } from './api/client.js';
import { createAppSender } from './api/outbound.js';
import { MemoryTokenCache, RedisTokenCache } from './api/token-cache.js';
import { mountWeComCallback, type CallbackRoutes } from './callback/routes.js';
import { createWeComChatPort, type WeComChatPort } from './chat-port.js';
import type { WeComConfig } from './config.js';
import type { PhotoSource } from './media.js';
import { MemorySeenStore, RedisSeenStore } from './seen-store.js';
import { WebhookRobot } from './webhook/robot.js';

export interface WeComChannelDeps {
  handler: ConversationHandler;
  logger: Logger;
  media?: PhotoSource;
  /** When given, access tokens and dedupe memory are shared by every instance. */
  redis?: Redis;
  callbackPath?: string;
}

export interface WeComChannel {
  readonly aibot?: AiBotAdapter;
  readonly api?: WeComApiClient;
  readonly chatPort: WeComChatPort;
  /** Mounts the callback routes when the self-built app is configured. */
  mount(app: Hono): CallbackRoutes | undefined;
  /** Opens the bot's long connection. Run it in one instance only: a second one kicks the first. */
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
  const aibot = config.aibot && createAiBotAdapter({ ...config.aibot, handler: deps.handler, logger: deps.logger, media: deps.media, seen });
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
  const sender = api && createAppSender(api, { media: deps.media, logger: deps.logger });
  const webhooks = Object.fromEntries(
    Object.entries(config.webhooks).map(([name, key]) => [
      name,
      new WebhookRobot({ key, baseUrl: config.apiBase, media: deps.media, logger: deps.logger }),
    ]),
  );
  const routes: CallbackRoutes[] = [];
  const idle = async () => void (await Promise.all([aibot?.idle(), ...routes.map((r) => r.idle())]));

  return {
    aibot,
    api,
    chatPort: createWeComChatPort({ aibot, app: sender, webhooks }),
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
      aibot?.stop();
    },
    health: () => ({ aibot: aibot?.health() }),
  };
}
