import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLinkHints, RedisLinkHints, type LinkHints } from '../../../bot/wecom/aibot/link-hints.js';
import { serviceUrl } from '../../support/requires.js';

/** A missed push is told about once, on whichever replica the person's next message lands. */
function linkHintsContract(name: string, pair: () => [LinkHints, LinkHints]) {
  it(`${name}: a noted conversation is taken once, by any instance; others are never due`, async () => {
    const [a, b] = pair();
    await a.note('zhaoliu');
    await a.note('zhaoliu');
    expect(await b.take('lisi')).toBe(false);
    expect(await b.take('zhaoliu')).toBe(true);
    expect(await a.take('zhaoliu')).toBe(false);
  });
}

describe('link hints', () => {
  const shared = new MemoryLinkHints();
  linkHintsContract('memory (one process)', () => [shared, shared]);

  const url = serviceUrl('REDIS_URL');
  const redis = url ? [new Redis(url), new Redis(url)] : [];
  afterAll(() => redis.forEach((r) => r.disconnect()));
  const prefix = `zz-test-hints-${randomUUID().slice(0, 8)}`;
  if (url) linkHintsContract('Redis (two replicas)', () => [new RedisLinkHints(redis[0]!, prefix), new RedisLinkHints(redis[1]!, prefix)]);
  else it.skip('Redis (REDIS_URL not set)', () => undefined);
});
