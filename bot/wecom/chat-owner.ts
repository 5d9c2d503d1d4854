import { isOfficial, type ChatRef, type IdentityRepo } from '../../domain/index.js';

/** Who a chat belongs to, as the WeCom port needs it: an official or not, and their other (linked) chats. */
export function chatOwner(identities: Pick<IdentityRepo, 'byChat' | 'chatsOf'>) {
  return async (chat: ChatRef): Promise<{ official: boolean; otherChats: number } | undefined> => {
    const person = await identities.byChat(chat);
    if (!person) return undefined;
    const chats = await identities.chatsOf(person.id);
    return { official: isOfficial(person), otherChats: chats.filter((c) => c !== chat).length };
  };
}
