import type { Redis } from 'ioredis';

/**
 * Bot conversations a push could not reach ([长连接]: the bot pushes only to conversations that messaged it)
 * while the person has no other chat linked. The next time they write to the bot, the reply tells them
 * how to link the self-built app with /bind, so later notices have a second way in.
 */
export interface LinkHints {
  note(chatid: string): Promise<void>;
  /** True once per noted conversation: the hint is shown a single time. */
  take(chatid: string): Promise<boolean>;
}

export class MemoryLinkHints implements LinkHints {
  private readonly ids = new Set<string>();
  async note(chatid: string): Promise<void> {
    this.ids.add(chatid);
  }
  async take(chatid: string): Promise<boolean> {
    return this.ids.delete(chatid);
  }
}

/** Shared by replicas: the push may fail on one, the person's next message land on the connection holder. */
export class RedisLinkHints implements LinkHints {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 86_400,
  ) {}
  async note(chatid: string): Promise<void> {
    await this.redis.set(`${this.prefix}:${chatid}`, '1', 'EX', this.ttlSeconds);
  }
  async take(chatid: string): Promise<boolean> {
    return (await this.redis.del(`${this.prefix}:${chatid}`)) === 1;
  }
}
