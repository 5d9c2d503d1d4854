import { randomBytes } from 'node:crypto';
import type { Db, MongoClientOptions } from 'mongodb';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';

/**
 * For a contract suite on MONGODB_URI: one client per test file and a fresh database per call, all dropped when
 * the file ends. Names are Latin letters and digits only (FerretDB), one random prefix per file.
 */
export function freshMongoDatabases(url: string, tag: string, options: MongoClientOptions = { ignoreUndefined: true }): () => Db {
  const client = new MongoClient(url, options);
  const run = `${tag}${randomBytes(4).toString('hex')}`;
  const used: string[] = [];
  beforeAll(() => client.connect());
  afterAll(async () => {
    for (const name of used) await client.db(name).dropDatabase();
    await client.close();
  });
  return () => {
    const name = `${run}n${used.length}`;
    used.push(name);
    return client.db(name);
  };
}
