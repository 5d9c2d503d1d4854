import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { flexibleOptions, type FlexibleBackend } from './flexible.js';

/**
 * Limits in Redis (REDIS_URL): shared by every replica. While Redis is not ready the store backend's
 * limiter of the same name answers instead (the library's "insurance" limiter), so an outage neither
 * opens the doors nor blocks every request.
 */
export function redisRateLimitBackend(redis: Redis, insurance: FlexibleBackend, prefix = 'zz-rl'): FlexibleBackend {
  return {
    make: (name, policy) =>
      new RateLimiterRedis({
        ...flexibleOptions(prefix, name, policy),
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: insurance.make(name, policy),
      }),
  };
}
