import { ExecutionError, Redlock } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import { ChatBusyError, type ChatLock } from '../../domain/chat-lock.js';

export interface RedisChatLockOptions {
  /** Key prefix, so tests and deployments sharing one Redis keep apart. */
  prefix?: string;
  /** Lock lease; redlock extends it while the step still runs, and a crashed holder's lease just runs out. */
  leaseMs?: number;
  /** How long a step waits for the chat's previous one before it is answered "send it again". */
  waitMs?: number;
}

/**
 * One dialog step at a time per chat across replicas: a Redis lock (redlock on one Redis) around each step.
 * Waiting steps poll every ~50 ms, so order between two messages that arrive within one poll is not guaranteed;
 * each channel still keeps its own in-process order (Telegram's chat queue, WeCom's keyed serial).
 */
export function redisChatLock(redis: Redis, opts: RedisChatLockOptions = {}): ChatLock {
  const leaseMs = opts.leaseMs ?? 10_000;
  const retryDelay = 50;
  const redlock = new Redlock([redis], {
    retryCount: Math.ceil((opts.waitMs ?? 20_000) / retryDelay),
    retryDelay,
    retryJitter: 25,
    automaticExtensionThreshold: Math.min(2_000, leaseMs / 2),
  });
  const prefix = opts.prefix ?? 'zz-chat-lock';
  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      let started = false;
      let done: { value: T } | undefined;
      try {
        await redlock.using([`${prefix}:${key}`], leaseMs, async () => {
          started = true;
          done = { value: await task() };
        });
      } catch (e) {
        if (!started && e instanceof ExecutionError) throw new ChatBusyError(`chat lock not acquired within the wait: ${e.message}`);
        // A release that fails after the step ran only means the lease had already run out.
        if (!done || !(e instanceof ExecutionError)) throw e;
      }
      return (done as unknown as { value: T }).value;
    },
  };
}
