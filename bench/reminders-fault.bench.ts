// Deadlines and reminders: delivery under worker and Redis crashes (the sweep has its own bench: sweep.bench.ts).
// `npm run bench -- reminders`; figures go to docs/PERFORMANCE.md ("Deadlines and reminders").
import { runFaultScenario } from './reminders-fault/harness.js';

export async function main(): Promise<void> {
  const fault = await runFaultScenario({ reminders: 1_000, kills: 2, restartRedis: true, ratePerSec: 200, timeoutMs: 180_000 });
  console.log(
    `fault: ${fault.reminders} reminders via BullMQ, ${fault.kills} worker SIGKILLs, ${fault.redisRestarts} Redis SIGKILL+restart → ` +
      `lost ${fault.lost}, duplicates ${fault.duplicates} (retried claims ${fault.retriedClaims}) in ${fault.seconds.toFixed(1)} s`,
  );
  if (fault.lost || fault.duplicates) process.exitCode = 1;
}
