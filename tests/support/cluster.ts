import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '../..');

/** A free TCP port on 127.0.0.1 (taken and released at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Replica {
  url: string;
  port: number;
  /** Its DATA_DIR (the embedded store's file lives here). */
  dataDir: string;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** The last few KB of stderr (uncaught errors land there). */
  stderr: () => string;
  proc: ChildProcess;
}

/**
 * App processes (`node app/main.ts`, as in production) sharing one environment: the same store, Redis and
 * database, each on its own port and data dir. A replica counts as started when /readyz answers 200.
 */
export function appCluster(env: Record<string, string>) {
  const dirs: string[] = [];
  const replicas: Replica[] = [];

  async function start(port?: number): Promise<Replica> {
    const p = port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'zz-replica-'));
    dirs.push(dir);
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env, DATA_DIR: dir, PORT: String(p), HOST: '127.0.0.1' };
    for (const k of ['TELEGRAM_BOT_TOKEN', 'OPENAI_API_KEY', 'WECOM_BOT_ID', 'WECOM_CORP_ID']) delete fullEnv[k];
    for (const [k, v] of Object.entries(env)) if (v === '') delete fullEnv[k]; // '' unsets, e.g. MONGODB_URI for the embedded default
    const proc = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const replica: Replica = { url: `http://127.0.0.1:${p}`, port: p, dataDir: dir, logs: [], proc, stderr: () => stderr };
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      try {
        replica.logs.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        replica.logs.push({ msg: l });
      }
    });
    proc.stderr!.on('data', (c: Buffer) => (stderr = (stderr + String(c)).slice(-4000)));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`replica on ${p} exited at start:\n${stderr}`);
      const ok = await fetch(`${replica.url}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`replica on ${p} not ready in 90 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    replicas.push(replica);
    return replica;
  }

  /** SIGKILL: no drain, no goodbye; in-flight requests die with it. */
  async function kill(r: Replica): Promise<void> {
    const exited = new Promise((resolve) => r.proc.once('exit', resolve));
    r.proc.kill('SIGKILL');
    await exited;
    replicas.splice(replicas.indexOf(r), 1);
  }

  return {
    replicas,
    start,
    kill,
    /** The replicas' URLs right now, for the proxy: a killed one is left out once it is gone. */
    urls: () => replicas.map((r) => r.url),
    async stopAll(): Promise<void> {
      await Promise.all(
        replicas.splice(0).map(
          (r) =>
            new Promise<void>((resolve) => {
              if (r.proc.exitCode !== null) return resolve();
              r.proc.once('exit', () => resolve());
              r.proc.kill('SIGTERM');
              setTimeout(() => r.proc.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
