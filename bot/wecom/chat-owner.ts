import { isOfficial, type ChatRef, type IdentityRepo } from '../../domain/index.js';

/** Who a chat belongs to, as the WeCom port needs it for a push the bot cannot make. */
export interface ChatOwner {
  official: boolean;
  /** Their other chats (linked by /bind), which receive the same notice. */
  otherChats: number;
  /** Their town: its group robot is the last way to reach them (WECOM_WEBHOOK_KEYS names robots by town id). */
  townId?: string;
  displayName: string;
}

export function chatOwner(identities: Pick<IdentityRepo, 'byChat' | 'chatsOf'>) {
  return async (chat: ChatRef): Promise<ChatOwner | undefined> => {
    const person = await identities.byChat(chat);
    if (!person) return undefined;
    const chats = await identities.chatsOf(person.id);
    return {
      official: isOfficial(person),
      otherChats: chats.filter((c) => c !== chat).length,
      ...(person.townId && { townId: person.townId }),
      displayName: person.displayName,
    };
  };
}
