import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../app/config.js';
import { createApp, type AppOptions } from '../../app/container.js';
import { createLogger } from '../../app/logger.js';

export type StoreKind = 'sqlite' | 'mongo';

/** Captures every log line as parsed JSON, so tests can assert what was (and was not) logged. */
export function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as Record<string, unknown>);
      }
      cb();
    },
  });
  return { log: createLogger('info', stream), lines, raw };
}

/** The whole app on a fresh embedded SQLite file or a fresh MongoDB database. */
export async function startTestApp(kind: StoreKind, mongoUri: string | undefined, env: Record<string, string> = {}, opts: AppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zz-app-'));
  const dbName = `e2e_${Math.random().toString(36).slice(2, 10)}`;
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'info',
    ...(kind === 'mongo' ? { MONGODB_URI: mongoUri, MONGODB_DB: dbName } : {}),
    ...env,
  });
  const logs = memoryLogger();
  const app = await createApp(config, logs.log, opts);
  const adminLine = logs.lines.find((l) => typeof l.oneTimePassword === 'string');
  return {
    app,
    config,
    logs,
    adminPassword: String(adminLine?.oneTimePassword ?? ''),
    /** Every byte the store holds (the SQLite files on disk, or every document of every collection), for anonymity checks. */
    async storeDump(): Promise<string> {
      if (app.stores.kind === 'mongo') {
        const parts: string[] = [];
        for (const { name } of await app.stores.db.listCollections().toArray()) parts.push(JSON.stringify(await app.stores.db.collection(name).find({}).toArray()));
        return parts.join('\n');
      }
      return readdirSync(dir)
        .filter((f) => f.startsWith('zezhou.sqlite'))
        .map((f) => readFileSync(join(dir, f)).toString('latin1'))
        .join('\n');
    },
    async stop() {
      if (kind === 'mongo' && app.stores.kind === 'mongo') await app.stores.db.dropDatabase();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
