import type { RateLimiter, RateLimitPolicy, RateLimits } from '../../domain/rate-limit.js';
import { WeComRateLimitError } from './api/errors.js';

/**
 * WeCom's send caps, counted before sending because over the cap WeCom either refuses (45009) or,
 * for app messages, drops the message while answering ok ([频率] 频率限制 path/90312). Counted in the
 * shared RateLimits port (Redis when REDIS_URL is set) so every replica sees the same counts.
 */
export const SEND_CAPS = {
  /** [长连接] proactive pushes per conversation. */
  botPush: [
    { name: 'wecom-bot-push-min', points: 30, durationMs: 60_000 },
    { name: 'wecom-bot-push-hour', points: 1000, durationMs: 3_600_000 },
  ],
  /** [频率] app messages per member per app: ≤30/min, ≤1000/h, excess silently dropped. */
  appMember: [
    { name: 'wecom-app-member-min', points: 30, durationMs: 60_000 },
    { name: 'wecom-app-member-hour', points: 1000, durationMs: 3_600_000 },
  ],
  /**
   * [频率] appchat: each member receives ≤200 messages a minute and ≤10 000 a day from one app, excess dropped
   * while the API answers ok. Counted per chat (every member receives each message): exact for a member in
   * one app chat, a lower bound for one in several.
   */
  appChat: [
    { name: 'wecom-appchat-min', points: 200, durationMs: 60_000 },
    { name: 'wecom-appchat-day', points: 10_000, durationMs: 86_400_000 },
  ],
  /** [群机器人] ≤20 messages a minute per robot. */
  robot: [{ name: 'wecom-robot-min', points: 20, durationMs: 60_000 }],
} as const;

export type CapName = keyof typeof SEND_CAPS;

export interface SendCaps {
  /** Counts one message for `key` under `cap`; throws WeComRateLimitError (transient) when it would exceed a cap. */
  take(cap: CapName, key: string): Promise<void>;
}

/** Fixed windows per process: the fallback when no RateLimits port is wired. */
function memoryLimiter(policy: RateLimitPolicy): RateLimiter {
  const windows = new Map<string, { start: number; used: number }>();
  const state = (key: string, now: number) => {
    const w = windows.get(key);
    return w && now - w.start < policy.durationMs ? w : { start: now, used: 0 };
  };
  const decide = (w: { start: number; used: number }, now: number, counted: boolean) => {
    const allowed = counted ? w.used <= policy.points : w.used < policy.points;
    return { allowed, retryAfterMs: allowed ? 0 : w.start + policy.durationMs - now, remaining: Math.max(0, policy.points - w.used) };
  };
  return {
    async consume(key, n = 1) {
      const now = Date.now();
      const w = state(key, now);
      w.used += n;
      windows.set(key, w);
      return decide(w, now, true);
    },
    async peek(key) {
      const now = Date.now();
      return decide(state(key, now), now, false);
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function createSendCaps(limits?: RateLimits): SendCaps {
  const limiters = new Map<string, RateLimiter>();
  const limiter = (c: { name: string; points: number; durationMs: number }) => {
    let l = limiters.get(c.name);
    if (!l) {
      const policy = { points: c.points, durationMs: c.durationMs };
      l = limits ? limits.limiter(c.name, policy) : memoryLimiter(policy);
      limiters.set(c.name, l);
    }
    return l;
  };
  return {
    async take(cap, key) {
      // consume() is atomic in every backend, so replicas racing for the last slot cannot both win.
      // A refused attempt still counts, which only errs on the side of sending less.
      for (const c of SEND_CAPS[cap]) {
        const d = await limiter(c).consume(key);
        if (!d.allowed) throw new WeComRateLimitError(cap, `${c.name}: over ${c.points} per ${c.durationMs / 1000}s, retry in ${Math.ceil(d.retryAfterMs / 1000)}s`);
      }
    },
  };
}
