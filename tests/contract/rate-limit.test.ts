import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { mongoRateLimitBackend, rateLimitsFrom, redisRateLimitBackend, sqliteRateLimitBackend } from '../../stores/rate-limit/index.js';
import { serviceUrl } from '../support/requires.js';
import { rateLimitContract } from './rate-limit.contract.js';

rateLimitContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zz-rl-'));
  const dbs = [new Database(join(dir, 'a.sqlite'))];
  const open = () => {
    const db = new Database(join(dir, 'a.sqlite'));
    dbs.push(db);
    return rateLimitsFrom(sqliteRateLimitBackend(db));
  };
  return {
    limits: rateLimitsFrom(sqliteRateLimitBackend(dbs[0]!)),
    dump: async () => JSON.stringify(dbs[0]!.prepare('SELECT * FROM rate_limits').all()),
    reopen: async () => open(),
    async close() {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('rate limits: SQLite file, short windows', () => {
  it('counts a window under a minute without a block in the process; longer windows and blocks in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zz-rl-'));
    const [db, reopened] = [new Database(join(dir, 'a.sqlite')), new Database(join(dir, 'a.sqlite'))];
    try {
      const limits = rateLimitsFrom(sqliteRateLimitBackend(db));
      const chat = limits.limiter('c-chat', { points: 2, durationMs: 10_000 });
      expect((await Promise.all([1, 2, 3].map(() => chat.consume('web:s1')))).map((d) => d.allowed)).toEqual([true, true, false]);
      await limits.limiter('c-login', { points: 5, durationMs: 60_000 }).consume('k');
      await limits.limiter('c-blocked', { points: 5, durationMs: 10_000, blockMs: 60_000 }).consume('k');
      expect(db.prepare('SELECT count(*) AS n FROM rate_limits').get()).toEqual({ n: 2 });
      // A restart forgets the chat's 10 s window, not the others.
      const again = rateLimitsFrom(sqliteRateLimitBackend(reopened));
      expect((await again.limiter('c-chat', { points: 2, durationMs: 10_000 }).peek('web:s1')).remaining).toBe(2);
      expect((await again.limiter('c-login', { points: 5, durationMs: 60_000 }).peek('k')).remaining).toBe(4);
    } finally {
      db.close();
      reopened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const mongoUrl = serviceUrl('MONGODB_URI');
if (!mongoUrl) describe.skip('rate limits: MongoDB (MONGODB_URI not set)', () => undefined);
else
  rateLimitContract('MongoDB', async () => {
    const name = `rl${randomBytes(4).toString('hex')}`;
    const clients = [new MongoClient(mongoUrl)];
    const backends = [await mongoRateLimitBackend(clients[0]!.db(name))];
    return {
      limits: rateLimitsFrom(backends[0]!),
      dump: async () => JSON.stringify(await clients[0]!.db(name).collection('rate_limits').find().toArray()),
      async reopen() {
        const c = new MongoClient(mongoUrl);
        clients.push(c);
        const b = await mongoRateLimitBackend(c.db(name));
        backends.push(b);
        return rateLimitsFrom(b);
      },
      async close() {
        await clients[0]!.db(name).dropDatabase();
        backends.forEach((b) => b.close());
        for (const c of clients) await c.close();
      },
    };
  });

if (mongoUrl) {
  describe('rate limits: MongoDB across processes', () => {
    it('two independent clients hammering one key count every event exactly once (FerretDB updates are not atomic)', async () => {
      const name = `rl${randomBytes(4).toString('hex')}`;
      const clients = [new MongoClient(mongoUrl), new MongoClient(mongoUrl)];
      const backends = await Promise.all(clients.map((c) => mongoRateLimitBackend(c.db(name))));
      try {
        const policy = { points: 50, durationMs: 60_000 };
        const [a, b] = backends.map((backend) => rateLimitsFrom(backend).limiter('c-two', policy));
        const round = (l: typeof a) => Array.from({ length: 40 }, () => l!.consume('203.0.113.9'));
        const all = await Promise.all([...round(a), ...round(b)]);
        expect(all.filter((d) => d.allowed)).toHaveLength(50);
        const stored = await clients[0]!.db(name).collection('rate_limits').find().toArray();
        expect(stored.map((d) => d.points)).toEqual([80]);
        expect(await clients[0]!.db(name).collection('version_claims').countDocuments()).toBe(0); // every claim given back
      } finally {
        await clients[0]!.db(name).dropDatabase();
        backends.forEach((backend) => backend.close());
        for (const c of clients) await c.close();
      }
    });
  });
}

const redisUrl = serviceUrl('REDIS_URL');
if (!redisUrl) describe.skip('rate limits: Redis (REDIS_URL not set)', () => undefined);
else
  rateLimitContract('Redis (SQLite insurance)', async () => {
    const prefix = `zz-rl-test-${randomBytes(4).toString('hex')}`;
    const redises = [new Redis(redisUrl)];
    const insurance = sqliteRateLimitBackend(new Database(':memory:'));
    return {
      limits: rateLimitsFrom(redisRateLimitBackend(redises[0]!, insurance, prefix)),
      dump: async () => JSON.stringify(await redises[0]!.keys(`${prefix}:*`)),
      async reopen() {
        const r = new Redis(redisUrl);
        redises.push(r);
        return rateLimitsFrom(redisRateLimitBackend(r, insurance, prefix));
      },
      async close() {
        const keys = await redises[0]!.keys(`${prefix}:*`);
        if (keys.length) await redises[0]!.del(...keys);
        for (const r of redises) r.disconnect();
      },
    };
  });

describe('rate limits: Redis outage', () => {
  it('while Redis is unreachable the store-backed limiter answers: the door neither opens nor jams', async () => {
    // Nothing listens on port 1; the client never becomes ready.
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    const db = new Database(':memory:');
    const limits = rateLimitsFrom(redisRateLimitBackend(down, sqliteRateLimitBackend(db), 'zz-rl-down'));
    const l = limits.limiter('outage', { points: 2, durationMs: 60_000 });
    const seen = [await l.consume('k'), await l.consume('k'), await l.consume('k')];
    expect(seen.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(db.prepare('SELECT count(*) AS n FROM rate_limits').get()).toEqual({ n: 1 });
    down.disconnect();
    db.close();
  });
});
