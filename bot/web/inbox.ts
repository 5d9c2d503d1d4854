import type { Redis } from 'ioredis';
import type { ChatPort, ChatRef, Outbound } from '../../domain/index.js';

/** Pushes for web chat sessions wait here until the page polls; each is handed to one poll only. */
export interface WebInbox extends ChatPort {
  take(chat: ChatRef): Promise<Outbound[]>;
}

/** Bounded per chat so an abandoned tab cannot grow storage; a page that returns sees the latest messages. */
const MAX_PER_CHAT = 50;

/** One process (the embedded default): pending pushes are lost with the process. */
export class MemoryInbox implements WebInbox {
  private readonly queues = new Map<ChatRef, Outbound[]>();

  async send(chat: ChatRef, messages: Outbound[]): Promise<void> {
    const q = this.queues.get(chat) ?? [];
    q.push(...messages);
    this.queues.set(chat, q.slice(-MAX_PER_CHAT));
  }

  async take(chat: ChatRef): Promise<Outbound[]> {
    const q = this.queues.get(chat) ?? [];
    this.queues.delete(chat);
    return q;
  }
}

/**
 * Replicas (REDIS_URL): a Redis list per chat. A push made on any replica reaches a page polling any other,
 * survives an app restart, and a take reads and deletes the list in one MULTI, so two polls never get the
 * same message. A tab that never comes back lets its pushes expire after a week.
 */
export class RedisInbox implements WebInbox {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'zz-web-inbox',
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  async send(chat: ChatRef, messages: Outbound[]): Promise<void> {
    if (messages.length === 0) return;
    const key = `${this.prefix}:${chat}`;
    await this.redis
      .multi()
      .rpush(key, ...messages.map((m) => JSON.stringify(m)))
      .ltrim(key, -MAX_PER_CHAT, -1)
      .expire(key, this.ttlSeconds)
      .exec();
  }

  async take(chat: ChatRef): Promise<Outbound[]> {
    const key = `${this.prefix}:${chat}`;
    const result = await this.redis.multi().lrange(key, 0, -1).del(key).exec();
    const [err, items] = result?.[0] ?? [new Error('inbox transaction aborted'), null];
    if (err) throw err;
    return (items as string[]).map((s) => JSON.parse(s) as Outbound);
  }
}
