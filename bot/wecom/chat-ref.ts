import type { ChatRef } from '../../domain/index.js';

/**
 * The one place that knows WeCom ChatRef spellings. The intelligent bot and the self-built app name
 * people in two id spaces: the bot's message callbacks carry `from.userid` as the bot sees it
 * (智能机器人 › 接收消息: an id that may differ from the app's, e.g. an open_userid in some set-ups),
 * the app's callbacks carry the member's plain UserID (FromUserName). Nothing in the documentation
 * says they coincide, so they are kept apart and linked only through /bind (one identity, two chats).
 * - `wecom:<userid>`      a person as the self-built app knows them (message/send touser)
 * - `wecombot:<userid>`   a person as the intelligent bot knows them (single chat, aibot_send_msg)
 * - `wecomgroup:<chatid>` a group the intelligent bot is in
 * - `wecomapp:<chatid>`   a group chat created by the self-built app (appchat)
 * - `wecomhook:<name>`    a configured group-robot webhook
 */
export type WeComTarget =
  | { kind: 'user'; id: string }
  | { kind: 'bot'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'appchat'; id: string }
  | { kind: 'webhook'; id: string };

const prefixes = { user: 'wecom:', bot: 'wecombot:', group: 'wecomgroup:', appchat: 'wecomapp:', webhook: 'wecomhook:' } as const;

/** The ChatRef prefixes (before the colon) the WeCom ChatPort owns, for a prefix router. */
export const WECOM_CHAT_PREFIXES = Object.values(prefixes).map((p) => p.slice(0, -1));

export function toChatRef(target: WeComTarget): ChatRef {
  return prefixes[target.kind] + target.id;
}

/** The chat a bot message belongs to: the group when it came from one, else the sender in the bot's id space. */
export function botChatRefOf(msg: { chattype?: string; chatid?: string; from: { userid: string } }): ChatRef {
  return msg.chattype === 'group' && msg.chatid
    ? toChatRef({ kind: 'group', id: msg.chatid })
    : toChatRef({ kind: 'bot', id: msg.from.userid });
}

export function parseChatRef(chat: ChatRef): WeComTarget | undefined {
  for (const [kind, prefix] of Object.entries(prefixes) as [WeComTarget['kind'], string][]) {
    if (chat.startsWith(prefix) && chat.length > prefix.length) return { kind, id: chat.slice(prefix.length) };
  }
  return undefined;
}
