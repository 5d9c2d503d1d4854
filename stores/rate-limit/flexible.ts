import { createHash } from 'node:crypto';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimiter, RateLimitPolicy, RateLimits } from '../../domain/rate-limit.js';
import type { Serial } from '../shared/keyed-serial.js';


/** rate-limiter-flexible counts whole seconds on Redis; every backend gets the same rounding. */
export const flexibleOptions = (prefix: string, name: string, policy: RateLimitPolicy) => ({
  keyPrefix: `${prefix}:${name}`,
  points: policy.points,
  duration: Math.max(1, Math.ceil(policy.durationMs / 1000)),
  blockDuration: policy.blockMs ? Math.max(1, Math.ceil(policy.blockMs / 1000)) : 0,
});

const decision = (points: number, res: RateLimiterRes | null, counted: boolean): RateLimitDecision => {
  if (!res) return { allowed: true, retryAfterMs: 0, remaining: points };
  const allowed = counted ? res.consumedPoints <= points : res.consumedPoints < points;
  return {
    allowed,
    retryAfterMs: allowed ? 0 : Math.max(1, res.msBeforeNext),
    remaining: allowed ? Math.max(0, points - res.consumedPoints) : 0,
  };
};

/**
 * Keys are stored hashed: a limit keyed by a chat user id or a client address must not put that id or
 * address into the store in clear (a tipster's Telegram id would otherwise sit beside the tips).
 */
const stored = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/** Adapts one rate-limiter-flexible limiter to the port; `serial` runs one call per key at a time. */
export function adaptFlexible(
  rl: RateLimiterAbstract,
  policy: RateLimitPolicy,
  serial: Serial = (_k, w) => w(),
): RateLimiter {
  return {
    consume: (key, n = 1) =>
      serial(key, async () => {
        try {
          return decision(policy.points, await rl.consume(stored(key), n), true);
        } catch (e) {
          // A refusal rejects with the RateLimiterRes itself; anything else is a store failure.
          if (e instanceof RateLimiterRes) return decision(policy.points, e, true);
          throw e;
        }
      }),
    peek: (key) => serial(key, async () => decision(policy.points, await rl.get(stored(key)), false)),
    reset: (key) => serial(key, async () => void (await rl.delete(stored(key)))),
  };
}

/** One storage for rate-limiter-flexible: builds its limiter for a name and policy. */
export interface FlexibleBackend {
  make(name: string, policy: RateLimitPolicy): RateLimiterAbstract;
  /** Queues the calls for one key inside this process (spares a shared store writes that would lose a race anyway). */
  serial?: Serial;
}

/** The port over one backend; names limiters once and refuses a second, different policy under a name. */
export function rateLimitsFrom(backend: FlexibleBackend): RateLimits {
  const made = new Map<string, { policy: string; limiter: RateLimiter }>();
  return {
    limiter(name, policy) {
      if (!/^[A-Za-z0-9-]{1,40}$/.test(name)) throw new Error(`rate limit name "${name}": letters, digits and - only`);
      const key = JSON.stringify(policy);
      const existing = made.get(name);
      if (existing) {
        if (existing.policy !== key) throw new Error(`rate limit "${name}" already exists with another policy`);
        return existing.limiter;
      }
      const limiter = adaptFlexible(backend.make(name, policy), policy, backend.serial);
      made.set(name, { policy: key, limiter });
      return limiter;
    },
  };
}
