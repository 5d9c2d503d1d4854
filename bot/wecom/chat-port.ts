import type { ChatPort, ChatRef, Outbound } from '../../domain/index.js';
import type { AiBotAdapter } from './aibot/adapter.js';
import type { AppSender } from './api/outbound.js';
import { parseChatRef } from './chat-ref.js';
import type { WebhookRobot } from './webhook/robot.js';

export interface WeComChatPortDeps {
  aibot?: Pick<AiBotAdapter, 'isConnected' | 'send'>;
  app?: AppSender;
  /** webhook name (as in WECOM_WEBHOOK_KEYS) → robot */
  webhooks?: Record<string, Pick<WebhookRobot, 'send'>>;
}

export interface WeComChatPort extends ChatPort {
  /** Whether this port owns the chat, so a composite port can route by ChatRef. */
  handles(chat: ChatRef): boolean;
}

/**
 * Proactive sends by ChatRef prefix. A person is reached through the bot's long connection while
 * it is up, else through the self-built app. Failures throw, so the job that sent can retry.
 */
export function createWeComChatPort(deps: WeComChatPortDeps): WeComChatPort {
  return {
    handles: (chat) => parseChatRef(chat) !== undefined,
    async send(chat: ChatRef, messages: Outbound[]) {
      const target = parseChatRef(chat);
      switch (target?.kind) {
        case 'user':
          if (deps.aibot?.isConnected()) return deps.aibot.send(chat, messages);
          if (deps.app) return deps.app.toUser(target.id, messages);
          throw new Error(`no WeCom channel can reach ${chat}: the bot is offline and no self-built app is configured`);
        case 'group':
          if (deps.aibot?.isConnected()) return deps.aibot.send(chat, messages);
          throw new Error(`WeCom bot is offline; cannot post to ${chat}`);
        case 'appchat':
          if (deps.app) return deps.app.toAppChat(target.id, messages);
          throw new Error(`no self-built app configured for ${chat}`);
        case 'webhook': {
          const robot = deps.webhooks?.[target.id];
          if (robot) return robot.send(messages);
          throw new Error(`no webhook configured under the name "${target.id}"`);
        }
        default:
          throw new Error(`not a WeCom chat: ${chat}`);
      }
    },
  };
}
