// Start-up time and idle memory on the embedded default (SQLite, no channel, no LLM, no Redis), both ways the
// app is started: built (`node dist/app/main.js`, after `npm run build`) and `npm start` (tsx, from source).
// `npm run build && npm run bench -- startup` (BENCH_STARTUP_RUNS per way, default 5; BENCH_STARTUP_ONLY=built|tsx).
// Start-up = spawn until /healthz answers 200; CPU = user+sys time the app's processes used until then (less
// sensitive than wall time to other work on a shared machine); first page = the web chat's page right after;
// idle RSS = after 5 s of quiet. Then the cost the first question pays: opening the knowledge base.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'app', 'main.js');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** How each way is started: `npm start` runs `tsx app/main.ts` (the tsx CLI starts node with its loader). */
const WAYS = {
  built: { cmd: process.execPath, args: [MAIN] },
  tsx: { cmd: TSX, args: ['app/main.ts'] },
} as const;
type Way = keyof typeof WAYS;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const TICKS = 100; // USER_HZ: /proc/<pid>/stat times are in 1/100 s on Linux.
const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
/** The process and its descendants (the tsx CLI runs the app in a child). */
function tree(pid: number): number[] {
  const children = read(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(tree)];
}
const rssMiB = (pid: number) => tree(pid).reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${p}/status`))?.[1] ?? 0), 0) / 1024;
/** utime + stime of the process tree, in ms (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
const cpuMs = (pid: number) =>
  tree(pid).reduce((sum, p) => {
    const fields = read(`/proc/${p}/stat`).split(') ')[1]?.split(' ') ?? [];
    return sum + ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / TICKS;
  }, 0);

async function until(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

interface Run {
  startMs: number;
  cpuMs: number;
  firstPageMs: number;
  idleRssMiB: number;
  firstQuestionMs?: number;
  secondQuestionMs?: number;
}

async function question(base: string, cookie: string | undefined, text: string): Promise<{ ms: number; cookie?: string }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
    body: JSON.stringify({ kind: 'text', text }),
  });
  await res.text();
  if (!res.ok) throw new Error(`question answered ${res.status}`);
  return { ms: performance.now() - t, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? cookie };
}

async function runOnce(way: Way, dataDir: string, ask: boolean): Promise<Run> {
  const port = await freePort();
  // Only what the embedded default needs: none of the developer's settings leak in.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', TZ: 'Asia/Shanghai' };
  const started = performance.now();
  const child = spawn(WAYS[way].cmd, WAYS[way].args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(`${base}/healthz`, child);
    const startMs = performance.now() - started;
    const cpu = cpuMs(child.pid!);
    const page = performance.now();
    const res = await fetch(`${base}/`);
    await res.text();
    if (!res.ok) throw new Error(`the web chat's page answered ${res.status}`);
    const firstPageMs = performance.now() - page;
    await new Promise((r) => setTimeout(r, 5_000));
    const run: Run = { startMs, cpuMs: cpu, firstPageMs, idleRssMiB: rssMiB(child.pid!) };
    if (ask) {
      const first = await question(base, undefined, '有限空间作业前要检测什么？');
      run.firstQuestionMs = first.ms;
      run.secondQuestionMs = (await question(base, first.cookie, '配电箱门损坏电线裸露怎么整改？')).ms;
    }
    return run;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

const stats = (xs: number[], digits = 0) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(digits)} / median ${s[Math.floor(s.length / 2)]!.toFixed(digits)} / max ${s.at(-1)!.toFixed(digits)}`;
};
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

async function bench(way: Way, runs: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  try {
    console.log(`\n-- ${way}: ${[WAYS[way].cmd === process.execPath ? 'node' : 'tsx', ...WAYS[way].args].join(' ')} (load average ${load()})`);
    // The first start creates the database, the admin account and the towns: not what a restart costs.
    const first = await runOnce(way, dataDir, false);
    console.log(`first start on an empty DATA_DIR: ${first.startMs.toFixed(0)} ms (CPU ${first.cpuMs.toFixed(0)} ms), idle RSS ${first.idleRssMiB.toFixed(0)} MiB`);
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) measured.push(await runOnce(way, dataDir, i === 0));
    console.log(`start-up to /healthz (ms), ${runs} runs: ${stats(measured.map((r) => r.startMs))}`);
    console.log(`CPU time to /healthz (ms), ${runs} runs: ${stats(measured.map((r) => r.cpuMs))}`);
    console.log(`web chat's page right after (ms): ${stats(measured.map((r) => r.firstPageMs))}`);
    console.log(`idle RSS (MiB), ${runs} runs: ${stats(measured.map((r) => r.idleRssMiB))}`);
    const q = measured[0]!;
    console.log(`first question (opens the knowledge base): ${q.firstQuestionMs!.toFixed(0)} ms; the next one: ${q.secondQuestionMs!.toFixed(0)} ms`);
    console.log(`load average after: ${load()}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const only = process.env.BENCH_STARTUP_ONLY as Way | undefined;
  const ways = only ? [only] : (Object.keys(WAYS) as Way[]);
  if (ways.includes('built') && !existsSync(MAIN)) throw new Error('dist/app/main.js is missing: run `npm run build` first');
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
  console.log(`load average (1, 5, 15 min) at the start: ${load()} on ${os.cpus().length} cores`);
  for (const way of ways) await bench(way, runs);
}
