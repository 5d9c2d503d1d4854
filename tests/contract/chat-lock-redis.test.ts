import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatBusyError } from '../../domain/chat-lock.js';
import { redisChatLock } from '../../stores/redis/chat-lock.js';
import { serviceUrl } from '../support/requires.js';

const url = serviceUrl('REDIS_URL'); // throws under CI=true when unset

describe.skipIf(!url)('chat lock on Redis (two replicas, one Redis)', () => {
  const prefix = `t-lock-${randomUUID().slice(0, 8)}`;
  let a: Redis;
  let b: Redis;
  beforeAll(() => {
    a = new Redis(url as string);
    b = new Redis(url as string);
  });
  afterAll(async () => {
    await a.quit();
    await b.quit();
  });

  it('runs the steps of one chat one at a time across replicas, other chats in parallel', async () => {
    const replicas = [redisChatLock(a, { prefix }), redisChatLock(b, { prefix })];
    const running = new Map<string, number>();
    let overlap = false;
    const log: string[] = [];
    const step = (chat: string, n: number) => async () => {
      running.set(chat, (running.get(chat) ?? 0) + 1);
      if ((running.get(chat) ?? 0) > 1) overlap = true;
      log.push(`${chat}:${n}`);
      await new Promise((r) => setTimeout(r, 15));
      running.set(chat, (running.get(chat) ?? 1) - 1);
      return n;
    };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => replicas[n % 2]!.run(n % 3 === 0 ? 'web:other' : 'web:one', step(n % 3 === 0 ? 'web:other' : 'web:one', n))),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, n) => n));
    expect(overlap).toBe(false);
    expect(log).toHaveLength(12);
  });

  it('answers busy instead of running a step when the chat stays locked past the wait, and frees the chat after a failure', async () => {
    const holder = redisChatLock(a, { prefix, leaseMs: 2_000 });
    const impatient = redisChatLock(b, { prefix, waitMs: 300 });
    let release!: () => void;
    const held = holder.run('tg:1', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    let ran = false;
    await expect(impatient.run('tg:1', async () => (ran = true))).rejects.toBeInstanceOf(ChatBusyError);
    expect(ran).toBe(false);
    release();
    await held;
    await expect(holder.run('tg:1', async () => Promise.reject(new Error('step failed')))).rejects.toThrow('step failed');
    expect(await impatient.run('tg:1', async () => 'next step')).toBe('next step');
  });

  it('keeps a long step locked by extending its lease', async () => {
    const lock = redisChatLock(a, { prefix, leaseMs: 400 });
    const other = redisChatLock(b, { prefix, waitMs: 2_000 });
    const order: string[] = [];
    const slow = lock.run('wecom:u1', async () => {
      await new Promise((r) => setTimeout(r, 900));
      order.push('slow');
    });
    await new Promise((r) => setTimeout(r, 30));
    await other.run('wecom:u1', async () => order.push('next'));
    await slow;
    expect(order).toEqual(['slow', 'next']);
  });
});
