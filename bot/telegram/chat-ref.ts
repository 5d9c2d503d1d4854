import type { ChatRef } from '../../domain/index.js';

/** `tg:<chat id>`: private chats have the user's id, groups a negative one. */
export const toChatRef = (chatId: number): ChatRef => `tg:${chatId}`;

export function parseChatRef(chat: ChatRef): number | undefined {
  const m = /^tg:(-?\d{1,16})$/.exec(chat);
  return m ? Number(m[1]) : undefined;
}
