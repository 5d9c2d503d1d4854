import type { Redis } from 'ioredis';

/**
 * Where access_tokens live between calls. Shared (Redis) when several instances run, because
 * gettoken is rate-limited and every instance fetching its own token wastes that budget.
 */
export interface TokenCache {
  get(key: string): Promise<string | null>;
  set(key: string, token: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryTokenCache implements TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    const hit = this.tokens.get(key);
    return hit && hit.expiresAt > this.now() ? hit.token : null;
  }

  async set(key: string, token: string, ttlSeconds: number): Promise<void> {
    this.tokens.set(key, { token, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.tokens.delete(key);
  }
}

export class RedisTokenCache implements TokenCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'wecom:token:',
  ) {}

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, token: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, token, 'EX', ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
