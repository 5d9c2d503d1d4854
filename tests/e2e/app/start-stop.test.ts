import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const SERVICES = ['MONGODB_URI', 'REDIS_URL', 'TELEGRAM_BOT_TOKEN', 'OPENAI_API_KEY', 'WECOM_BOT_ID', 'WECOM_CORP_ID'];

describe('the embedded default as a process', () => {
  it('starts with no configuration, serves the web chat, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zz-proc-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' };
    for (const k of SERVICES) delete env[k];
    const proc = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: Array<Record<string, unknown>> = [];
    const started = new Promise<string>((resolve, reject) => {
      createInterface({ input: proc.stdout }).on('line', (l) => {
        const entry = JSON.parse(l) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'web chat ready') resolve(String(entry.url));
      });
      proc.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    try {
      const url = await started;
      const health = (await (await fetch(new URL('/healthz', url))).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', store: { kind: 'sqlite', ok: true }, redis: 'off', scheduler: 'embedded' });
      const ready = await fetch(new URL('/readyz', url));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true });
      const page = await (await fetch(url)).text();
      expect(page).toContain('安全生产助手');
      expect(logs.some((l) => typeof l.oneTimePassword === 'string')).toBe(true);

      const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs.map((l) => l.msg)).toContain('stopped');
    } finally {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits with status 2 and says how to choose another port when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'zz-port-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, HOST: '127.0.0.1', PORT: String((taken.address() as AddressInfo).port) };
    for (const k of SERVICES) delete env[k];
    try {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const status = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
      expect(status).toBe(2);
      expect(stderr).toContain('the port is in use');
      expect(stderr).toContain('set PORT');
      expect(stderr).not.toContain('    at '); // no stack trace
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
