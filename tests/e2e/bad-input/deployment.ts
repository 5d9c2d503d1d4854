import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../app/config.js';
import { createApp } from '../../../app/container.js';
import type { Clock } from '../../../domain/index.js';
import { memoryLogger } from '../../support/app-harness.js';
import { serviceUrl } from '../../support/requires.js';
import { WebChatClient } from '../../support/web-client.js';
import { FormClient } from '../dashboard/form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
export const kinds = (mongoUri ? ['sqlite', 'mongo'] : ['sqlite']) as Array<'sqlite' | 'mongo'>;

/**
 * The whole app behind one trusted proxy (TRUST_PROXY=1), on storage that outlives a restart: every
 * login, H5 and receipt limit must hold against a forged X-Forwarded-For and across the restart.
 */
export async function deployment(kind: 'sqlite' | 'mongo', extraEnv: Record<string, string> = {}, clock?: Clock) {
  const dir = mkdtempSync(join(tmpdir(), 'zz-access-'));
  const env = {
    DATA_DIR: dir,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'info',
    ...(kind === 'mongo' ? { MONGODB_URI: mongoUri!, MONGODB_DB: `access_${Math.random().toString(36).slice(2, 10)}` } : {}),
    ...extraEnv,
  };
  // Every line any start of the app logged, to show what never reaches a log.
  const logged: string[] = [];
  const open = async () => {
    const logs = memoryLogger();
    const app = await createApp(loadConfig(env), logs.log, { clock });
    const password = logs.lines.find((l) => typeof l.oneTimePassword === 'string')?.oneTimePassword as string | undefined;
    return { app, password, raw: logs.raw };
  };
  let current = await open();
  const adminPassword = current.password!;
  return {
    adminPassword,
    logs: () => [...logged, ...current.raw].join('\n'),
    get app() {
      return current.app;
    },
    /** A request as nginx forwards it: whatever the client wrote, then the client's real address. */
    via(realAddress: string, forged = '') {
      const fetchFn = (req: Request) => {
        const headers = new Headers(req.headers);
        headers.set('x-forwarded-for', forged ? `${forged}, ${realAddress}` : realAddress);
        return current.app.fetch(new Request(req, { headers }));
      };
      return { web: new WebChatClient(fetchFn), form: new FormClient(fetchFn), fetch: fetchFn };
    },
    /** Every photo the store holds (rows or GridFS files). */
    async mediaCount(): Promise<number> {
      const s = current.app.stores;
      return s.kind === 'sqlite'
        ? (s.db.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n
        : s.db.collection('photos.files').countDocuments();
    },
    /** Photo files on disk (SQLite keeps photos as files in DATA_DIR/media; GridFS has none). */
    mediaFiles(): number {
      const media = join(dir, 'media');
      return existsSync(media) ? readdirSync(media).length : 0;
    },
    async tipCases() {
      return (await current.app.stores.cases.list({}, { limit: 100 })).items.filter((c) => c.source === 'anonymous_tip');
    },
    async restart() {
      logged.push(...current.raw);
      await current.app.close();
      current = await open();
    },
    async stop() {
      if (kind === 'mongo' && current.app.stores.kind === 'mongo') await current.app.stores.db.dropDatabase();
      await current.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Deployment = Awaited<ReturnType<typeof deployment>>;
