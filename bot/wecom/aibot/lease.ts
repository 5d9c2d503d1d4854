import { Redlock, type Lock } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Who may open the bot's long connection. WeCom keeps one connection per bot and a newer one kicks the
 * older ([长连接], REFERENCE §1a.6), so with several replicas exactly one holds a Redis lease and
 * connects; the others poll and take over once the holder stops renewing (it died or was kicked).
 */
export interface ConnectionLease {
  /** Starts competing: `acquired` when this process becomes the holder, `lost` when it stops being it. */
  start(events: { acquired(): void; lost(reason: string): void }): void;
  /**
   * Gives the lease up (e.g. after being kicked) and stays out of the race for `cooldownMs`. Resolves
   * true when another replica can take over, false when this process is the only candidate.
   */
  yieldFor(cooldownMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export interface RedisLeaseOptions {
  redis: Redis;
  /** One key per bot id. */
  key: string;
  logger: Logger;
  /** A dead holder's lease lapses after this long. */
  ttlMs?: number;
  /** The holder renews this often (well inside the ttl). */
  renewEveryMs?: number;
  /** Standbys try to take the lease this often. */
  pollMs?: number;
}

/** One process only (no REDIS_URL): the lease is always ours. */
export function soleLease(): ConnectionLease {
  return {
    start: (events) => events.acquired(),
    // Nobody else could take over: after a kick the caller stays down and reports it.
    yieldFor: async () => false,
    stop: async () => {},
  };
}

/**
 * A Redlock lease on one Redis: acquired with SET NX PX, renewed and released by Lua scripts that check
 * the holder's random value, so a lapsed holder can never renew or delete its successor's lease.
 * Takeover after a SIGKILLed holder: at most ttlMs + pollMs.
 */
export function redisLease(opts: RedisLeaseOptions): ConnectionLease {
  const ttl = opts.ttlMs ?? 10_000;
  const renewEvery = opts.renewEveryMs ?? Math.floor(ttl / 3);
  const poll = opts.pollMs ?? 2_000;
  const redlock = new Redlock([opts.redis], { retryCount: 0, automaticExtensionThreshold: 0 });
  redlock.on('error', () => {}); // lost races are expected; failures surface through acquire/extend
  let lock: Lock | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let coolUntil = 0;
  let events: { acquired(): void; lost(reason: string): void } | undefined;

  const schedule = (ms: number, fn: () => Promise<void>) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void fn(), ms);
  };

  async function tryAcquire(): Promise<void> {
    if (stopped) return;
    if (Date.now() < coolUntil) return schedule(coolUntil - Date.now(), tryAcquire);
    try {
      lock = await redlock.acquire([opts.key], ttl);
    } catch {
      return schedule(poll, tryAcquire); // another replica holds it, or Redis is unreachable
    }
    if (stopped) return void (await lock.release().catch(() => {}));
    opts.logger.info({ lease: opts.key }, 'took the WeCom bot connection lease');
    events?.acquired();
    schedule(renewEvery, renew);
  }

  async function renew(): Promise<void> {
    if (!lock || stopped) return;
    try {
      lock = await lock.extend(ttl);
      schedule(renewEvery, renew);
    } catch (err) {
      lock = undefined;
      opts.logger.warn({ lease: opts.key, err: (err as Error).message }, 'lost the WeCom bot connection lease');
      events?.lost('lease could not be renewed');
      schedule(poll, tryAcquire);
    }
  }

  return {
    start(e) {
      events = e;
      void tryAcquire();
    },
    async yieldFor(cooldownMs) {
      coolUntil = Date.now() + cooldownMs;
      const held = lock;
      lock = undefined;
      await held?.release().catch(() => {});
      schedule(cooldownMs, tryAcquire);
      return true;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const held = lock;
      lock = undefined;
      await held?.release().catch(() => {});
    },
  };
}
