export interface Town {
  id: string;
  name: string;
  /** Chats (e.g. a Telegram group) that receive this town's pushes. */
  groupChats: string[];
}
