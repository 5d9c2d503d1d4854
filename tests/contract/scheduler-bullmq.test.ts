import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { createBullScheduler } from '../../jobs/scheduler/bullmq.js';
import { serviceUrl } from '../support/requires.js';
import { schedulerContract } from './scheduler.contract.js';

const url = serviceUrl('REDIS_URL');

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
      async cleanup() {
        const redis = new Redis(url, { maxRetriesPerRequest: null });
        const queue = new Queue('deadlines', { connection: redis, prefix });
        await queue.obliterate({ force: true });
        await queue.close();
        // The scheduler's own index keys live beside the queue's.
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      },
    };
  });
}
