import type { Redis } from 'ioredis';
import type { RateLimits } from '../domain/rate-limit.js';
import { mongoRateLimitBackend, rateLimitsFrom, redisRateLimitBackend, sqliteRateLimitBackend } from '../stores/rate-limit/index.js';
import type { OpenedStores } from './stores.js';

/**
 * Every rate limit of the app counts here: in Redis when REDIS_URL is set (shared by replicas; the
 * store answers during a Redis outage), otherwise in the store itself. Both survive a restart.
 */
export async function openRateLimits(stores: OpenedStores, redis?: Redis): Promise<RateLimits & { close(): void }> {
  const storeBackend = stores.kind === 'mongo' ? await mongoRateLimitBackend(stores.db) : { ...sqliteRateLimitBackend(stores.db), close() {} };
  const limits = rateLimitsFrom(redis ? redisRateLimitBackend(redis, storeBackend) : storeBackend);
  return { ...limits, close: () => storeBackend.close() };
}
