import { UndeliverableError, type ChatPort, type ChatRef, type Outbound } from '../../domain/index.js';
import type { AiBotAdapter } from './aibot/adapter.js';
import { WeComApiError } from './api/errors.js';
import type { AppSender } from './api/outbound.js';
import { parseChatRef } from './chat-ref.js';
import type { WebhookRobot } from './webhook/robot.js';

export interface WeComChatPortDeps {
  aibot?: Pick<AiBotAdapter, 'canReach' | 'send'>;
  app?: AppSender;
  /** webhook name (as in WECOM_WEBHOOK_KEYS) → robot */
  webhooks?: Record<string, Pick<WebhookRobot, 'send'>>;
  /** The webhook name of a person's town (their town id when a robot is configured under it). */
  townRobotOf?: (chat: ChatRef) => Promise<string | undefined>;
}

export interface WeComChatPort extends ChatPort {
  /** Whether this port owns the chat, so a composite port can route by ChatRef. */
  handles(chat: ChatRef): boolean;
}

/**
 * [错误码] errcodes that no retry can fix: 60020 caller IP not trusted, 81013 no valid recipient,
 * 86003 group chat not found, 40003 invalid UserID, 93000 bot conversation never opened (fake's code).
 */
const PERMANENT_ERRCODES = new Set([60020, 81013, 86003, 40003, 93000]);

/**
 * Proactive sends by ChatRef prefix. A person in the bot's id space (`wecombot:`) is reached through
 * the bot when it is connected here and they have messaged it ([长连接] pushes only reach such
 * conversations), else through their town's group robot; a person in the app's id space (`wecom:`)
 * through the self-built app. The two spaces are linked only by /bind, so the app is never guessed
 * for a bot id. When nothing can reach the chat the send fails with UndeliverableError (recorded once,
 * not retried); transient failures throw as they are, so the job retries.
 */
export function createWeComChatPort(deps: WeComChatPortDeps): WeComChatPort {
  async function viaTownRobot(chat: ChatRef, messages: Outbound[], why: string): Promise<void> {
    const name = await deps.townRobotOf?.(chat);
    const robot = name ? deps.webhooks?.[name] : undefined;
    if (!robot) throw new UndeliverableError(chat, why);
    await robot.send(messages);
  }

  async function route(chat: ChatRef, messages: Outbound[]): Promise<void> {
    const target = parseChatRef(chat);
    switch (target?.kind) {
      case 'bot':
        if (deps.aibot && (await deps.aibot.canReach(chat))) return deps.aibot.send(chat, messages);
        return viaTownRobot(chat, messages, 'the bot cannot push to this person (offline here or they never messaged it) and their town has no group robot');
      case 'group':
        if (deps.aibot && (await deps.aibot.canReach(chat))) return deps.aibot.send(chat, messages);
        throw new Error(`WeCom bot cannot post to ${chat} from this replica right now`);
      case 'user':
        if (deps.app) return deps.app.toUser(target.id, messages);
        return viaTownRobot(chat, messages, 'no self-built app is configured and their town has no group robot');
      case 'appchat':
        if (deps.app) return deps.app.toAppChat(target.id, messages);
        throw new UndeliverableError(chat, 'no self-built app configured');
      case 'webhook': {
        const robot = deps.webhooks?.[target.id];
        if (robot) return robot.send(messages);
        throw new UndeliverableError(chat, `no webhook configured under the name "${target.id}"`);
      }
      default:
        throw new UndeliverableError(chat, 'not a WeCom chat');
    }
  }

  return {
    handles: (chat) => parseChatRef(chat) !== undefined,
    async send(chat, messages) {
      try {
        await route(chat, messages);
      } catch (err) {
        if (err instanceof WeComApiError && PERMANENT_ERRCODES.has(err.errcode)) throw new UndeliverableError(chat, err.message);
        throw err;
      }
    },
  };
}
