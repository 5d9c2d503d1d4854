import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The boundaries of ARCHITECTURE.md, checked on the source text so a violation fails CI. */
const root = join(import.meta.dirname, '../../..');
const topFolders = ['app', 'bot', 'dashboard', 'domain', 'handlers', 'jobs', 'knowledge', 'locales', 'stores'];

function files(dir: string): string[] {
  const abs = join(root, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const importsOf = (file: string): string[] =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );

/** The project folder an import points to, or undefined for packages. */
function projectFolder(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = relative(root, join(root, file, '..', spec));
  return target.split('/')[0];
}

const violations = (folder: string, allowed: string[], forbiddenPackages: RegExp[] = []) =>
  files(folder).flatMap((f) =>
    importsOf(f)
      .filter((spec) => {
        const target = projectFolder(f, spec);
        if (target === undefined) return forbiddenPackages.some((re) => re.test(spec));
        return target !== folder && !allowed.includes(target);
      })
      .map((spec) => `${f} → ${spec}`),
  );

const sdks = [/^grammy/, /^@grammyjs\//, /^@wecom\//, /^mongodb$/, /^better-sqlite3$/, /^bullmq$/, /^ioredis$/, /^hono/];

describe('architecture boundaries', () => {
  it('domain imports no project folder and no SDK', () => {
    expect(violations('domain', [], [...sdks, /^@langchain\//])).toEqual([]);
  });

  it('handlers use only domain, locales and the knowledge public index, never a channel or database SDK', () => {
    expect(violations('handlers', ['domain', 'locales', 'knowledge'], sdks)).toEqual([]);
    const intoKnowledge = files('handlers').flatMap((f) =>
      importsOf(f)
        .filter((spec) => projectFolder(f, spec) === 'knowledge' && !spec.endsWith('/knowledge/index.js'))
        .map((spec) => `${f} → ${spec}`),
    );
    expect(intoKnowledge).toEqual([]);
  });

  it('knowledge imports nothing from the project', () => {
    expect(violations('knowledge', [])).toEqual([]);
  });

  it('stores implement domain ports and import nothing else from the project', () => {
    expect(violations('stores', ['domain'])).toEqual([]);
  });

  it('channels depend on handlers and domain, not on stores or each other', () => {
    expect(violations('bot', ['handlers', 'domain', 'locales'])).toEqual([]);
  });

  it('the dashboard builds on handlers, domain, locales and the web pieces it shares, never on stores', () => {
    expect(violations('dashboard', ['handlers', 'domain', 'locales', 'bot'], sdks.filter((re) => !re.test('hono')))).toEqual([]);
    const intoBot = files('dashboard').flatMap((f) =>
      importsOf(f)
        .filter((spec) => projectFolder(f, spec) === 'bot' && !/\/bot\/web\//.test(spec))
        .map((spec) => `${f} → ${spec}`),
    );
    expect(intoBot).toEqual([]);
  });

  it('jobs depend on domain and handlers only', () => {
    expect(violations('jobs', ['domain', 'handlers', 'locales'])).toEqual([]);
  });

  it('only app/ reads process.env', () => {
    const readers = topFolders
      .filter((d) => d !== 'app')
      .flatMap(files)
      .filter((f) => /process\.env/.test(readFileSync(join(root, f), 'utf8')));
    expect(readers).toEqual([]);
  });
});
