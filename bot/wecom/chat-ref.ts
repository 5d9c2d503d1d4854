import type { ChatRef } from '../../domain/index.js';

/**
 * The one place that knows WeCom ChatRef spellings:
 * - `wecom:<userid>`      a person (bot single chat or self-built app)
 * - `wecomgroup:<chatid>` a group the intelligent bot is in
 * - `wecomapp:<chatid>`   a group chat created by the self-built app (appchat)
 * - `wecomhook:<name>`    a configured group-robot webhook
 */
export type WeComTarget =
  | { kind: 'user'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'appchat'; id: string }
  | { kind: 'webhook'; id: string };

const prefixes = { user: 'wecom:', group: 'wecomgroup:', appchat: 'wecomapp:', webhook: 'wecomhook:' } as const;

/** The ChatRef prefixes (before the colon) the WeCom ChatPort owns, for a prefix router. */
export const WECOM_CHAT_PREFIXES = Object.values(prefixes).map((p) => p.slice(0, -1));

export function toChatRef(target: WeComTarget): ChatRef {
  return prefixes[target.kind] + target.id;
}

/** The chat a bot message belongs to: the group when it came from one, else the sender. */
export function chatRefOf(msg: { chattype?: string; chatid?: string; from: { userid: string } }): ChatRef {
  return msg.chattype === 'group' && msg.chatid
    ? toChatRef({ kind: 'group', id: msg.chatid })
    : toChatRef({ kind: 'user', id: msg.from.userid });
}

export function parseChatRef(chat: ChatRef): WeComTarget | undefined {
  for (const [kind, prefix] of Object.entries(prefixes) as [WeComTarget['kind'], string][]) {
    if (chat.startsWith(prefix) && chat.length > prefix.length) return { kind, id: chat.slice(prefix.length) };
  }
  return undefined;
}
