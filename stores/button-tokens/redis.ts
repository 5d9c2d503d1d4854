import type { Redis } from 'ioredis';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';

/** Button tokens in Redis with their own expiry (PXAT), shared by every replica. */
export function redisButtonTokens(redis: Redis, prefix = 'zz:button-tokens'): ButtonTokenRepo {
  return {
    async put(token, value, expiresAt) {
      // GT keeps the later of two expiries when the same value is rendered again.
      const key = `${prefix}:${token}`;
      if ((await redis.set(key, value, 'PXAT', expiresAt.getTime(), 'NX')) === null) await redis.pexpireat(key, expiresAt.getTime(), 'GT');
    },
    async get(token, now) {
      const key = `${prefix}:${token}`;
      const [[, value], [, leftMs]] = (await redis.multi().get(key).pttl(key).exec()) as [[unknown, string | null], [unknown, number]];
      // Redis drops the key when it expires; comparing its remaining life with `now` keeps the port's contract.
      return value !== null && (leftMs < 0 || Date.now() + leftMs > now.getTime()) ? value : null;
    },
  };
}
