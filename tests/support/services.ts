import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resolves when something accepts TCP connections on host:port, or false after `ms`. */
export async function portOpen(host: string, port: number, ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(ms, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function findFerretDb(): string | undefined {
  const candidates = [
    process.env.FERRETDB_BIN,
    process.env.GOPATH && join(process.env.GOPATH, 'bin', 'ferretdb'),
    join(homedir(), 'go', 'bin', 'ferretdb'),
    '/usr/local/bin/ferretdb',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/**
 * A fresh PostgreSQL database for FerretDB when a server answers on 127.0.0.1:5432 (as on the CI
 * machines): its SQLite handler answers SQLITE_BUSY under several concurrent writers (the
 * multi-replica test), the PostgreSQL one does not. Undefined when no server answers; a server that
 * answers but refuses the database (all its connections taken, say) is an error, not a quiet switch to SQLite.
 */
async function postgresDatabase(): Promise<{ url: string; drop: () => void } | undefined> {
  if (!(await portOpen('127.0.0.1', 5432))) return undefined;
  const name = `ferret_test_${process.pid}_${Date.now().toString(36)}`;
  const pg = ['-h', '127.0.0.1', '-U', 'postgres'];
  const made = spawnSync('createdb', [...pg, name], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`PostgreSQL answers on 127.0.0.1:5432 but createdb ${name} failed: ${made.stderr || made.error?.message}`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => void spawnSync('dropdb', [...pg, '--if-exists', '--force', name], { stdio: 'ignore' }),
  };
}

/** Starts FerretDB in a temp dir: PostgreSQL handler when PostgreSQL is at hand, else SQLite. */
export async function startFerretDb(bin: string, port: number): Promise<{ uri: string; handler: 'pg' | 'sqlite'; pgUrl?: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  const pg = await postgresDatabase();
  const handler = pg ? ['--handler=pg', `--postgresql-url=${pg.url}`] : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
  const proc: ChildProcess = spawn(
    bin,
    [
      ...handler,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--log-level=error',
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  proc.once('exit', () => (exited = true));
  for (let i = 0; i < 100 && !exited && !(await portOpen('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (exited) {
    pg?.drop();
    throw new Error(`${bin} exited at start; rebuild it with .ci/install-ferretdb`);
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    handler: pg ? 'pg' : 'sqlite',
    ...(pg ? { pgUrl: pg.url } : {}),
    stop: () => {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      pg?.drop(); // --force: FerretDB may still hold connections while it exits
    },
  };
}
