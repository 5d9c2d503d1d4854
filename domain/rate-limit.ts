/**
 * Rate limits as a port, so every door (login, H5 form, receipt checks, chat, platform send caps) counts
 * in one place that survives restarts and is shared by replicas: the store (SQLite / MongoDB) by default,
 * Redis when configured. Adapters live in `stores/rate-limit/`; `app/rate-limits.ts` picks one.
 *
 * Usage:
 *   const perAddress = rateLimits.limiter('login-address', { points: 10, durationMs: 15 * 60_000 });
 *   const d = await perAddress.consume(address);          // counts this attempt
 *   if (!d.allowed) return tooMany(d.retryAfterMs);
 *
 * Keys are stored hashed, never in clear: a chat id or client address is fine as a key.
 *
 * For "lock after N failures" count failures only: `peek(key)` before the attempt (does not count),
 * `consume(key)` after a failure, `reset(key)` after a success if the policy forgives.
 */
export interface RateLimitPolicy {
  /** Events allowed per window. */
  points: number;
  /** Window length; the window starts at the key's first event. */
  durationMs: number;
  /** Once the limit is exceeded, refuse for this long (default: until the window ends). */
  blockMs?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the key may try again. */
  retryAfterMs: number;
  /** Events left in the current window (0 when refused). */
  remaining: number;
}

export interface RateLimiter {
  /** Counts `points` (default 1) events for `key` and says whether they fit the policy. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** The state of `key` without counting anything. `allowed` is false when it is used up or blocked. */
  peek(key: string): Promise<RateLimitDecision>;
  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): Promise<void>;
}

export interface RateLimits {
  /**
   * A limiter for one purpose. `name` (letters, digits, `-`) namespaces its keys: two names never share
   * counts. Asking twice for the same name with the same policy is fine; a different policy is an error.
   */
  limiter(name: string, policy: RateLimitPolicy): RateLimiter;
}

/** Seconds for a user-facing "try again in …" message (at least 1). */
export const retryAfterSeconds = (d: RateLimitDecision): number => Math.max(1, Math.ceil(d.retryAfterMs / 1000));
