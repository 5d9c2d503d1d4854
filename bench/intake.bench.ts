// Report intake: the whole 上报 dialog through the handlers into each store, against the raw insert
// rate of the same store (the ceiling). Mongo runs on MONGODB_URI, else on a FerretDB started here.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCase, type Stores } from '../domain/index.js';
import { createConversationHandler } from '../handlers/index.js';
import { openMongoStores } from '../stores/mongo/index.js';
import { openSqliteStores } from '../stores/sqlite/index.js';
import { handlerDeps, talk } from '../tests/support/handler-harness.js';
import { findFerretDb, startFerretDb } from '../tests/support/services.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 500);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function intake(stores: Stores) {
  const handler = createConversationHandler(handlerDeps(stores));
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < REPORTS; i++) {
    const chat = talk(handler, `web:bench-${i}`);
    const t0 = performance.now();
    await chat.say('/report');
    await chat.choose('r:noent');
    await chat.say(`第${i}号高炉炉前平台护栏缺失，存在高处坠落风险`);
    await chat.choose('r:photos_done');
    await chat.choose('r:loc_skip');
    await chat.choose('r:submit');
    latencies.push(performance.now() - t0);
  }
  const secs = (performance.now() - start) / 1000;
  return { perSec: REPORTS / secs, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

async function rawInsert(stores: Stores) {
  const now = new Date();
  const start = performance.now();
  for (let i = 0; i < REPORTS; i++) {
    await stores.cases.insert(
      newCase({ id: randomUUID(), number: `RAW-2026-${String(i).padStart(6, '0')}`, source: 'worker_report', description: '炉前平台护栏缺失，存在高处坠落风险', photos: [] }, { id: 'w', role: 'worker' }, now),
    );
  }
  return REPORTS / ((performance.now() - start) / 1000);
}

async function run(name: string, open: () => Promise<Stores>, cleanup: (s: Stores) => Promise<void>) {
  const a = await open();
  const r = await intake(a);
  await cleanup(a);
  const b = await open();
  const raw = await rawInsert(b);
  await cleanup(b);
  console.log(
    `${name.padEnd(22)} intake ${r.perSec.toFixed(0).padStart(6)} reports/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  | raw insert ${raw.toFixed(0)} cases/s`,
  );
}

export async function main(): Promise<void> {
  console.log(`${REPORTS} reports, each the full 6-step dialog (no photos), one chat per report`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-intake-'));
  let n = 0;
  await run('sqlite (file, WAL)', async () => openSqliteStores({ file: join(dir, `b${n++}.sqlite`), mediaDir: join(dir, 'media') }), (s) => s.close());

  let uri = process.env.MONGODB_URI;
  let stop: (() => void) | undefined;
  const bin = findFerretDb();
  if (!uri && bin) ({ uri, stop } = await startFerretDb(bin, 27300));
  if (uri) {
    const label = process.env.MONGODB_URI ? 'mongo (MONGODB_URI)' : 'ferretdb 1.24 (sqlite)';
    await run(label, async () => openMongoStores({ uri: uri!, dbName: `bench_${n++}` }), async (s) => {
      await (s as Stores & { db: { dropDatabase(): Promise<unknown> } }).db.dropDatabase();
      await s.close();
    });
  } else {
    console.log('mongo: skipped (no MONGODB_URI and no ferretdb binary; run .ci/install-ferretdb)');
  }
  stop?.();
  rmSync(dir, { recursive: true, force: true });
}
