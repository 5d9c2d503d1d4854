import type { Redis } from 'ioredis';
import type { RateLimits } from '../domain/rate-limit.js';
// Each backend from its own module: the MongoDB one (and the driver) loads only with MongoDB configured.
import { rateLimitsFrom } from '../stores/rate-limit/flexible.js';
import { redisRateLimitBackend } from '../stores/rate-limit/redis.js';
import { sqliteRateLimitBackend } from '../stores/rate-limit/sqlite.js';
import type { OpenedStores } from './stores.js';

/**
 * Every rate limit of the app counts here: in Redis when REDIS_URL is set (shared by replicas; the
 * store answers during a Redis outage), otherwise in the store itself. Both survive a restart.
 */
export async function openRateLimits(stores: OpenedStores, redis?: Redis): Promise<RateLimits & { close(): void }> {
  const storeBackend =
    stores.kind === 'mongo'
      ? await (await import('../stores/rate-limit/mongo.js')).mongoRateLimitBackend(stores.db)
      : { ...sqliteRateLimitBackend(stores.db), close() {} };
  const limits = rateLimitsFrom(redis ? redisRateLimitBackend(redis, storeBackend) : storeBackend);
  return { ...limits, close: () => storeBackend.close() };
}
