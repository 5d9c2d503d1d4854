import { UndeliverableError, type ChatPort, type ChatRef, type Outbound } from '../../domain/index.js';
import type { AiBotAdapter } from './aibot/adapter.js';
import type { LinkHints } from './aibot/link-hints.js';
import { WeComApiError, WeComRateLimitError } from './api/errors.js';
import type { AppSender } from './api/outbound.js';
import type { ChatOwner } from './chat-owner.js';
import { parseChatRef } from './chat-ref.js';
import type { WebhookRobot } from './webhook/robot.js';

export interface WeComChatPortDeps {
  aibot?: Pick<AiBotAdapter, 'reach' | 'send'>;
  app?: AppSender;
  /** webhook name (as in WECOM_WEBHOOK_KEYS) → robot */
  webhooks?: Record<string, Pick<WebhookRobot, 'send'>>;
  /** Who a chat belongs to: whether an official, their other chats (linked by /bind) and their town. */
  personOf?: (chat: ChatRef) => Promise<ChatOwner | undefined>;
  /** Bot conversations a push missed; the person hears how to link the app the next time they write. */
  linkHints?: Pick<LinkHints, 'note'>;
}

export interface WeComChatPort extends ChatPort {
  /** Whether this port owns the chat, so a composite port can route by ChatRef. */
  handles(chat: ChatRef): boolean;
}

/**
 * [错误码] errcodes no retry can fix, from the global table (全局错误码 path/90313, as transcribed in
 * WxJava's WxCpErrorMsgEnum): 60020 caller IP not trusted, 81013 no valid recipient, 86003 参数 chatid
 * 不存在, 86008 非法操作非自己创建的群 (appchat/send to a group this app did not create), 40003 invalid UserID;
 * and 93000, the fake's code for a bot conversation never opened.
 */
const PERMANENT_ERRCODES = new Set([60020, 81013, 86003, 86008, 40003, 93000]);
/** What the fake answers a push to a conversation that never wrote to the bot (the pages give no number). */
const ERR_BOT_NO_CONVERSATION = 93000;

/**
 * Proactive sends by ChatRef prefix, each person through whichever path can reach them: a person in the bot's
 * id space (`wecombot:`) through the bot once they have messaged it ([长连接]); a person in the app's id space
 * (`wecom:`) through the self-built app. The app is never guessed for a bot id (the two spaces are linked only
 * by /bind, and then their linked chats get the notice anyway). When neither reaches a person who has no other
 * chat, their town's group robot carries the notice, addressed to them; with no robot either, the push is
 * recorded undeliverable (shown on the dashboard). An official without a linked app chat is told how to link
 * the next time they write to the bot. Transient failures (this replica does not hold the bot connection, rate
 * limits) throw as they are, so the job retries.
 */
export function createWeComChatPort(deps: WeComChatPortDeps): WeComChatPort {
  async function isUnlinkedOfficial(chat: ChatRef): Promise<boolean> {
    const person = await deps.personOf?.(chat);
    return Boolean(person?.official && !person.otherChats);
  }

  /**
   * The last way to a person no direct path reaches and who has no other chat: their town's group robot, with the
   * notice addressed to them by name.
   */
  async function viaTownRobot(person: ChatOwner | undefined, messages: Outbound[]): Promise<boolean> {
    const robot = person && !person.otherChats && person.townId ? deps.webhooks?.[person.townId] : undefined;
    if (!robot) return false;
    const to = `【致${person!.displayName}】`;
    const first = messages.findIndex((m) => m.kind === 'text');
    await robot.send(first < 0 ? [{ kind: 'text', text: to }, ...messages] : messages.map((m, i) => (i === first && m.kind === 'text' ? { ...m, text: `${to}${m.text}` } : m)));
    return true;
  }

  /** The reasons are shown to officials on the dashboard, hence in Chinese. */
  async function unreachableBotPerson(chat: ChatRef, chatid: string, messages: Outbound[]): Promise<void> {
    const why = '企业微信机器人只能向给它发过消息的会话主动推送，此会话尚未发过';
    const person = await deps.personOf?.(chat);
    if (person?.otherChats) throw new UndeliverableError(chat, `${why}；此人已关联的其他聊天照常接收`);
    if (person?.official) await deps.linkHints?.note(chatid);
    if (await viaTownRobot(person, messages)) return;
    if (person?.official) {
      throw new UndeliverableError(chat, `${why}，且未关联企业微信应用，所在乡镇也未配置群机器人；此人下次给机器人发消息时会收到用 /bind 关联的提示`);
    }
    throw new UndeliverableError(chat, why);
  }

  async function route(chat: ChatRef, messages: Outbound[]): Promise<void> {
    const target = parseChatRef(chat);
    switch (target?.kind) {
      case 'bot': {
        if (!deps.aibot) throw new UndeliverableError(chat, 'the intelligent bot is not configured');
        const reach = await deps.aibot.reach(chat);
        if (reach === 'offline') throw new Error(`WeCom bot cannot push to ${chat} from this replica right now`);
        // This process's record of who wrote to the bot can be gone (a restart without Redis); a chat bound to
        // a person did write to it (/bind is a message), so the push is tried and WeCom decides.
        if (reach === 'never-messaged' && !(await deps.personOf?.(chat))) return unreachableBotPerson(chat, target.id, messages);
        try {
          return await deps.aibot.send(chat, messages);
        } catch (err) {
          if (err instanceof WeComApiError && err.errcode === ERR_BOT_NO_CONVERSATION) return unreachableBotPerson(chat, target.id, messages);
          // Over the conversation's cap ([长连接] 30/min, 1000/h) the push waits for a retry; an unlinked
          // official also hears how to link the app, whose cap is counted separately.
          if (err instanceof WeComRateLimitError && (await isUnlinkedOfficial(chat))) await deps.linkHints?.note(target.id);
          throw err;
        }
      }
      case 'group':
        if (deps.aibot && (await deps.aibot.reach(chat)) === 'ok') return deps.aibot.send(chat, messages);
        throw new Error(`WeCom bot cannot post to ${chat} from this replica right now`);
      case 'user':
        if (deps.app) return deps.app.toUser(target.id, messages);
        if (await viaTownRobot(await deps.personOf?.(chat), messages)) return;
        throw new UndeliverableError(chat, 'no self-built app is configured');
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
