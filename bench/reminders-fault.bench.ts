// Deadlines and reminders: delivery under worker and Redis crashes, and the re-planning sweep.
// `npm run bench -- reminders`; figures go to docs/PERFORMANCE.md ("Deadlines and reminders").
import { runFaultScenario } from './reminders-fault/harness.js';
import { runSweep } from './reminders-fault/sweep.js';

export async function main(): Promise<void> {
  const fault = await runFaultScenario({ reminders: 1_000, kills: 2, restartRedis: true, ratePerSec: 200, timeoutMs: 180_000 });
  console.log(
    `fault: ${fault.reminders} reminders via BullMQ, ${fault.kills} worker SIGKILLs, ${fault.redisRestarts} Redis SIGKILL+restart → ` +
      `lost ${fault.lost}, duplicates ${fault.duplicates} (retried claims ${fault.retriedClaims}) in ${fault.seconds.toFixed(1)} s`,
  );
  const sweep = await runSweep(100_000);
  console.log(
    `sweep: planAll over ${sweep.cases} open cases (SQLite, embedded scheduler) → ${sweep.rungs} rungs, ${sweep.scheduledRows} rows, ` +
      `first ${sweep.firstSeconds.toFixed(1)} s, repeat ${sweep.repeatSeconds.toFixed(1)} s, peak RSS ${sweep.peakRssMiB.toFixed(0)} MiB`,
  );
  if (fault.lost || fault.duplicates) process.exitCode = 1;
}
