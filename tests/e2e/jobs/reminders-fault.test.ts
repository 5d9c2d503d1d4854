import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runFaultScenario } from '../../../bench/reminders-fault/harness.js';

// The run starts its own redis-server (it kills it), so it needs the binary rather than REDIS_URL.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer && process.env.CI === 'true') throw new Error('redis-server is not installed: CI must provide it (see .ci/run)');

describe.skipIf(!hasRedisServer)('reminders survive a worker SIGKILL and a Redis restart (reduced bench)', () => {
  it('delivers 100 reminders, none lost and none twice', { timeout: 90_000 }, async () => {
    const r = await runFaultScenario({ reminders: 100, kills: 1, restartRedis: true, ratePerSec: 100, timeoutMs: 60_000 });
    expect(r).toMatchObject({ kills: 1, redisRestarts: 1, lost: 0, duplicates: 0, delivered: 100 });
  });
});
