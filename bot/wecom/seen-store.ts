import type { Redis } from 'ioredis';

/** Remembers which deliveries were already handled, so a WeCom retry is processed once. */
export interface SeenStore {
  /** True exactly once per key within `ttlSeconds` (across every instance sharing the store). */
  firstTime(key: string, ttlSeconds: number): Promise<boolean>;
}

/** One process only: bounded so a flood of distinct ids cannot grow memory without limit. */
export class MemorySeenStore implements SeenStore {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly opts: { maxEntries?: number; now?: () => number } = {}) {}

  async firstTime(key: string, ttlSeconds: number): Promise<boolean> {
    const now = (this.opts.now ?? Date.now)();
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, now + ttlSeconds * 1000);
    const max = this.opts.maxEntries ?? 10_000;
    // Map keeps insertion order: the oldest entries go first.
    for (const [k, e] of this.expiries) {
      if (this.expiries.size <= max && e > now) break;
      this.expiries.delete(k);
    }
    return true;
  }
}

/** Shared by every instance: SET NX EX is atomic, so exactly one instance wins a key. */
export class RedisSeenStore implements SeenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'wecom:seen:',
  ) {}

  async firstTime(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }
}
