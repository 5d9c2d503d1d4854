import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { describe } from 'vitest';
import { mongoButtonTokens } from '../../stores/button-tokens/mongo.js';
import { redisButtonTokens } from '../../stores/button-tokens/redis.js';
import { sqliteButtonTokens } from '../../stores/button-tokens/sqlite.js';
import { serviceUrl } from '../support/requires.js';
import { buttonTokensContract } from './button-tokens.contract.js';

buttonTokensContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zz-bt-'));
  const dbs = [new Database(join(dir, 'db.sqlite'))];
  return {
    tokens: sqliteButtonTokens(dbs[0]!),
    async other() {
      const db = new Database(join(dir, 'db.sqlite'));
      dbs.push(db);
      return sqliteButtonTokens(db);
    },
    async close() {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const mongoUrl = serviceUrl('MONGODB_URI');
if (!mongoUrl) describe.skip('button tokens: MongoDB (MONGODB_URI not set)', () => undefined);
else
  buttonTokensContract('MongoDB', async () => {
    const name = `bt${randomBytes(4).toString('hex')}`;
    const clients = [new MongoClient(mongoUrl)];
    return {
      tokens: await mongoButtonTokens(clients[0]!.db(name)),
      async other() {
        const c = new MongoClient(mongoUrl);
        clients.push(c);
        return mongoButtonTokens(c.db(name));
      },
      async close() {
        await clients[0]!.db(name).dropDatabase();
        for (const c of clients) await c.close();
      },
    };
  });

const redisUrl = serviceUrl('REDIS_URL');
if (!redisUrl) describe.skip('button tokens: Redis (REDIS_URL not set)', () => undefined);
else
  buttonTokensContract('Redis', async () => {
    const prefix = `zz-bt-test-${randomBytes(4).toString('hex')}`;
    const redises = [new Redis(redisUrl)];
    return {
      tokens: redisButtonTokens(redises[0]!, prefix),
      async other() {
        const r = new Redis(redisUrl);
        redises.push(r);
        return redisButtonTokens(r, prefix);
      },
      async close() {
        const keys = await redises[0]!.keys(`${prefix}:*`);
        if (keys.length) await redises[0]!.del(...keys);
        for (const r of redises) r.disconnect();
      },
    };
  });
