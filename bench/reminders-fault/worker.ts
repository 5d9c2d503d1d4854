// A reminder worker in its own process, for the fault run to SIGKILL: `node --import tsx worker.ts <redisUrl> <prefix> <dbFile> <rate>`.
import { systemClock } from '../../domain/index.js';
import { createDelivery } from '../../jobs/delivery.js';
import { createBullScheduler } from '../../jobs/scheduler/bullmq.js';
import { createSqliteDeliveryLog } from '../../stores/sqlite/jobs-deliveries.js';
import { openBenchDb, recordingChat } from './recording.js';

export const BENCH_KIND = 'bench-reminder';
export const STALE_CLAIM_MS = 3_000;

const [redisUrl, prefix, dbFile, rate] = process.argv.slice(2);
if (!redisUrl || !prefix || !dbFile) throw new Error('usage: worker.ts <redisUrl> <prefix> <dbFile> <rate>');

const db = openBenchDb(dbFile);
const delivery = createDelivery({ log: createSqliteDeliveryLog(db), chat: recordingChat(db), clock: systemClock, staleClaimMs: STALE_CLAIM_MS });
const scheduler = createBullScheduler({
  redisUrl,
  prefix,
  ratePerSec: Number(rate) || 200,
  concurrency: 8,
  attempts: 20,
  backoffMs: 200,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
});
scheduler.handle(BENCH_KIND, async ({ payload }) => {
  const i = Number(payload.i);
  await delivery.deliver({ target: `tg:${i % 10}`, subject: `bench:${i}`, rung: 'due' }, [{ kind: 'text', text: `reminder ${i}` }]);
});
await scheduler.start();
process.send?.('ready');
process.on('SIGTERM', () => void scheduler.close().then(() => process.exit(0)));
