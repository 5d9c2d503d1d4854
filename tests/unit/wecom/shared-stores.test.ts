import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySeenStore, MemoryTokenCache, RedisSeenStore, RedisTokenCache } from '../../../bot/wecom/index.js';
import { serviceUrl } from '../../support/requires.js';

describe('MemorySeenStore', () => {
  it('says "first time" once per key until the key expires', async () => {
    let now = 0;
    const seen = new MemorySeenStore({ now: () => now });
    expect(await seen.firstTime('msg:1', 60)).toBe(true);
    expect(await seen.firstTime('msg:1', 60)).toBe(false);
    expect(await seen.firstTime('msg:2', 60)).toBe(true);
    now = 61_000;
    expect(await seen.firstTime('msg:1', 60)).toBe(true);
  });

  it('stays within its bound by forgetting the oldest keys', async () => {
    const seen = new MemorySeenStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await seen.firstTime(k, 600);
    expect(await seen.firstTime('d', 600)).toBe(false);
    expect(await seen.firstTime('a', 600)).toBe(true);
  });
});

describe('MemoryTokenCache', () => {
  it('forgets a token at its ttl and on delete', async () => {
    let now = 0;
    const cache = new MemoryTokenCache(() => now);
    await cache.set('k', 'T', 10);
    expect(await cache.get('k')).toBe('T');
    now = 10_000;
    expect(await cache.get('k')).toBeNull();
    await cache.set('k', 'T2', 10);
    await cache.delete('k');
    expect(await cache.get('k')).toBeNull();
  });
});

const redisUrl = serviceUrl('REDIS_URL');

describe.skipIf(!redisUrl)('Redis-backed stores (several instances agree)', () => {
  const clients = redisUrl ? [new Redis(redisUrl), new Redis(redisUrl)] : [];
  const prefix = `test:${randomUUID()}:`;
  afterAll(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length) await clients[0]!.del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('lets exactly one of two instances handle a replayed callback', async () => {
    const [a, b] = clients.map((c) => new RedisSeenStore(c, prefix));
    const results = await Promise.all([a!.firstTime('msg:42', 60), b!.firstTime('msg:42', 60), a!.firstTime('msg:42', 60)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await clients[0]!.ttl(`${prefix}msg:42`)).toBeGreaterThan(50);
  });

  it('shares an access_token between instances, with its ttl', async () => {
    const [a, b] = clients.map((c) => new RedisTokenCache(c, prefix));
    await a!.set('ww1:1000002', 'TOKEN', 6900);
    expect(await b!.get('ww1:1000002')).toBe('TOKEN');
    expect(await clients[0]!.ttl(`${prefix}ww1:1000002`)).toBeGreaterThan(6800);
    await b!.delete('ww1:1000002');
    expect(await a!.get('ww1:1000002')).toBeNull();
  });
});
