import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryInbox, RedisInbox, type WebInbox } from '../../bot/web/inbox.js';
import { serviceUrl } from '../support/requires.js';

const url = serviceUrl('REDIS_URL'); // throws under CI=true when unset
const redis = url ? new Redis(url) : undefined;
afterAll(async () => redis?.quit());

const text = (s: string) => ({ kind: 'text' as const, text: s });
const texts = (b: { messages: Array<{ kind: string; text?: string }> }) => b.messages.map((m) => m.text);

describe.each([
  ['memory', () => new MemoryInbox()],
  ['redis', () => (redis ? new RedisInbox(redis, `t-inbox-${randomUUID().slice(0, 8)}`) : undefined)],
] as Array<[string, () => WebInbox | undefined]>)('web inbox (%s)', (name, make) => {
  const skip = name === 'redis' && !redis;

  it.skipIf(skip)('hands each push to the page once, in order, and again only if the page never acknowledged it', async () => {
    const inbox = make()!;
    await inbox.send('web:a', [text('一'), text('二')]);
    await inbox.send('web:b', [text('别人的')]);
    const first = await inbox.take('web:a', 0);
    expect(texts(first)).toEqual(['一', '二']);
    // That answer was lost on the way (the replica died): the page polls with its old cursor and gets them again.
    expect(texts(await inbox.take('web:a', 0))).toEqual(['一', '二']);
    await inbox.send('web:a', [text('三')]);
    const next = await inbox.take('web:a', first.cursor);
    expect(texts(next)).toEqual(['三']);
    const none = await inbox.take('web:a', next.cursor);
    expect(none).toEqual({ messages: [], cursor: next.cursor });
    // Numbers keep growing after everything was acknowledged, so a later push is not mistaken for an old one.
    await inbox.send('web:a', [text('四')]);
    expect(texts(await inbox.take('web:a', none.cursor))).toEqual(['四']);
    expect(texts(await inbox.take('web:b', 0))).toEqual(['别人的']);
  });

  it.skipIf(skip)('adds a delivery once however often it is sent again, and sends without a key as often as asked', async () => {
    const inbox = make()!;
    // A sender that died after its send but before marking it sent: the delivery is sent again under the same key.
    await inbox.send('web:a', [text('已评估')], { idempotencyKey: 'case:1|push@v3' });
    await inbox.send('web:a', [text('已评估')], { idempotencyKey: 'case:1|push@v3' });
    await inbox.send('web:b', [text('已评估')], { idempotencyKey: 'case:1|push@v3' });
    await inbox.send('web:a', [text('已整改')], { idempotencyKey: 'case:1|push@v4' });
    await inbox.send('web:a', [text('提醒')]);
    await inbox.send('web:a', [text('提醒')]);
    expect(texts(await inbox.take('web:a', 0))).toEqual(['已评估', '已整改', '提醒', '提醒']);
    expect(texts(await inbox.take('web:b', 0))).toEqual(['已评估']);
  });

  it.skipIf(skip)('keeps the latest 50 for a page that never polls', async () => {
    const inbox = make()!;
    for (let i = 0; i < 60; i++) await inbox.send('web:idle', [text(String(i))]);
    const got = texts(await inbox.take('web:idle', 0));
    expect(got).toHaveLength(50);
    expect(got[0]).toBe('10');
    expect(got.at(-1)).toBe('59');
  });
});

describe.skipIf(!redis)('web inbox on Redis across replicas', () => {
  it('reaches a page polling another replica, also after the pushing one is gone', async () => {
    const prefix = `t-inbox-${randomUUID().slice(0, 8)}`;
    await new RedisInbox(redis!, prefix).send('web:c', [text('提醒')]);
    const other = new Redis(url!);
    try {
      expect(texts(await new RedisInbox(other, prefix).take('web:c', 0))).toEqual(['提醒']);
    } finally {
      await other.quit();
    }
  });
});
