import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Stores } from '../domain/index.js';
import type { openMongoStores } from '../stores/mongo/index.js';
import { openSqliteStores } from '../stores/sqlite/index.js';
import type { AppConfig } from './config.js';

export type OpenedStores =
  | (Stores & { kind: 'sqlite'; db: Awaited<ReturnType<typeof openSqliteStores>>['db'] })
  | (Stores & { kind: 'mongo'; db: Awaited<ReturnType<typeof openMongoStores>>['db'] });

export async function openStores(config: AppConfig['store']): Promise<OpenedStores> {
  if (config.kind === 'mongo') {
    // The driver loads only when MongoDB is configured.
    const { openMongoStores } = await import('../stores/mongo/index.js');
    const s = await openMongoStores({ uri: config.uri, dbName: config.dbName });
    return Object.assign(s, { kind: 'mongo' as const });
  }
  if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  mkdirSync(config.mediaDir, { recursive: true });
  const s = await openSqliteStores({ file: config.file, mediaDir: config.mediaDir });
  return Object.assign(s, { kind: 'sqlite' as const });
}
