import type { Redis } from 'ioredis';

/**
 * Conversations that messaged the bot. [长连接] a proactive push (aibot_send_msg) only reaches a single
 * chat or group that has talked to the bot first; elsewhere the push is refused, so the ChatPort sends such
 * a person's notice through their town's group robot, or records it undeliverable (chat-port.ts).
 */
export interface BotConversations {
  /** Records that `chatid` (a userid for single chats, a group chatid) messaged the bot. */
  touched(chatid: string): Promise<void>;
  has(chatid: string): Promise<boolean>;
}

export class MemoryBotConversations implements BotConversations {
  private readonly ids = new Set<string>();
  async touched(chatid: string): Promise<void> {
    this.ids.add(chatid);
  }
  async has(chatid: string): Promise<boolean> {
    return this.ids.has(chatid);
  }
}

/** Shared by every replica, so the one holding the connection knows whom the others' users reached. */
export class RedisBotConversations implements BotConversations {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}
  async touched(chatid: string): Promise<void> {
    await this.redis.sadd(this.key, chatid);
  }
  async has(chatid: string): Promise<boolean> {
    return (await this.redis.sismember(this.key, chatid)) === 1;
  }
}
