import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createBullScheduler } from '../../jobs/scheduler/bullmq.js';
import { serviceUrl } from '../support/requires.js';
import { schedulerContract } from './scheduler.contract.js';

const url = serviceUrl('REDIS_URL');

/** Removes a test's queue and the scheduler's index keys beside it. */
async function removeQueue(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('deadlines', { connection: redis, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

if (!url) {
  describe.skip('Scheduler contract: BullMQ (REDIS_URL not set)', () => undefined);
} else {
  schedulerContract('BullMQ', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    return {
      make: async (o) =>
        createBullScheduler({ redisUrl: url, prefix, attempts: o?.attempts, backoffMs: o?.backoffMs ?? 50, stalledIntervalMs: 1_000 }),
      now: () => new Date(),
      elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
      cleanup: () => removeQueue(url, prefix),
    };
  });

  describe('BullMQ scheduler: next run', () => {
    it('is the time asked for, not BullMQ\'s own timestamp plus the delay computed from the app\'s clock', async () => {
      // The app's clock a second behind Redis' host (as a fake clock or a skewed replica would be): the delay then
      // ends a second after the time asked for, and a millisecond tick between the two readings does the same.
      const clock = { now: () => new Date(Date.now() - 1_000) };
      const prefix = `t${randomUUID().slice(0, 8)}`;
      const s = createBullScheduler({ redisUrl: url, prefix, clock });
      const at = new Date(clock.now().getTime() + 60_000);
      try {
        await s.schedule('k:skew', at, { kind: 'test' });
        expect(await s.nextRun('k:skew')).toEqual(at);
      } finally {
        await s.close();
        await removeQueue(url, prefix);
      }
    });
  });
}
