import type { Redis } from 'ioredis';
import type { ButtonTokenRepo } from '../domain/button-tokens.js';
import type { OpenedStores } from './stores.js';

/**
 * Where Telegram's shortened button values live: in Redis when REDIS_URL is set (with its own expiry),
 * otherwise in the store. Either way a restart or another replica still understands an old button.
 */
export async function openButtonTokens(stores: OpenedStores, redis: Redis | undefined, namespace: string): Promise<ButtonTokenRepo> {
  if (redis) return (await import('../stores/button-tokens/redis.js')).redisButtonTokens(redis, `${namespace}:button-tokens`);
  if (stores.kind === 'mongo') return (await import('../stores/button-tokens/mongo.js')).mongoButtonTokens(stores.db);
  return (await import('../stores/button-tokens/sqlite.js')).sqliteButtonTokens(stores.db);
}
