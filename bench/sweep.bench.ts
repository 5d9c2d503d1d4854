// The daily reminder sweep at 100,000 open cases, on SQLite and (with MONGODB_URI) FerretDB.
// `npm run bench -- sweep` (BENCH_SWEEP_CASES to change the count; BENCH_SWEEP_ONLY=sqlite|mongo;
// BENCH_SWEEP_FERRET_START=bulk to load FerretDB's first rungs with insertMany instead of running its start-up sweep
// through the adapter); figures go to docs/PERFORMANCE.md.
import { runSweep, type SweepReport } from './reminders-fault/sweep.js';

const line = (r: SweepReport) =>
  `${r.store}, ${r.cases} open cases (written in ${r.seedSeconds.toFixed(1)} s): start-up sweep ${r.start.seconds.toFixed(1)} s ` +
  `(${r.start.cases} cases, ${r.start.rungs} rungs planned${r.start.bulk ? ' in memory and loaded with insertMany' : ''}); ` +
  `restart ${r.restart.seconds.toFixed(2)} s (${r.restart.cases} cases changed since the last sweep's mark); ` +
  `restart with no mark yet ${r.unmarked.seconds.toFixed(1)} s (${r.unmarked.cases} cases, nothing new); daily sweep ${r.daily.seconds.toFixed(2)} s ` +
  `(${r.daily.cases} cases: ${r.daily.changed} changed + deadlines entering the window)` +
  (r.full ? `; full re-plan of every open case ${r.full.seconds.toFixed(1)} s` : '') +
  `; peak RSS ${r.peakRssMiB.toFixed(0)} MiB`;

export async function main(): Promise<void> {
  const n = Number(process.env.BENCH_SWEEP_CASES ?? 100_000);
  const only = process.env.BENCH_SWEEP_ONLY;
  if (only !== 'mongo') console.log(line(await runSweep(n, 'sqlite', { full: true })));
  if (only === 'sqlite') return;
  if (process.env.MONGODB_URI) console.log(line(await runSweep(n, 'mongo', { bulkStart: process.env.BENCH_SWEEP_FERRET_START === 'bulk' })));
  else console.log('FerretDB: skipped (set MONGODB_URI)');
}
