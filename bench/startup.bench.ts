// Start-up time and idle memory of the built app on the embedded default (SQLite, no channel, no LLM,
// no Redis): `npm run build && npm run bench -- startup` (BENCH_STARTUP_RUNS, default 5).
// Start-up = spawn of `node dist/app/main.js` until /healthz answers 200; idle RSS = after 5 s of quiet.
// Then the cost the first question pays: opening the knowledge base (handbook, jieba, index).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '..', 'dist', 'app', 'main.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

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

async function runOnce(dataDir: string, ask: boolean): Promise<Run> {
  const port = await freePort();
  // Only what the embedded default needs: none of the developer's settings leak in.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', TZ: 'Asia/Shanghai' };
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(`${base}/healthz`, child);
    const startMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 5_000));
    const run: Run = { startMs, idleRssMiB: rssMiB(child.pid!) };
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

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(0)} / median ${s[Math.floor(s.length / 2)]!.toFixed(0)} / max ${s.at(-1)!.toFixed(0)}`;
};

export async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error('dist/app/main.js is missing: run `npm run build` first');
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
  const dataDir = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  try {
    // The first start creates the database, the admin account and the towns: not what a restart costs.
    const first = await runOnce(dataDir, false);
    console.log(`first start on an empty DATA_DIR: ${first.startMs.toFixed(0)} ms, idle RSS ${first.idleRssMiB.toFixed(0)} MiB`);
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) measured.push(await runOnce(dataDir, i === 0));
    console.log(`start-up to /healthz (ms), ${runs} runs: ${stats(measured.map((r) => r.startMs))}`);
    console.log(`idle RSS (MiB), ${runs} runs: ${stats(measured.map((r) => r.idleRssMiB))}`);
    const q = measured[0]!;
    console.log(`first question (opens the knowledge base): ${q.firstQuestionMs!.toFixed(0)} ms; the next one: ${q.secondQuestionMs!.toFixed(0)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
