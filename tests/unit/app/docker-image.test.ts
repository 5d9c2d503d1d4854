import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { wecomConfigSchema } from '../../../bot/wecom/index.js';
import { telegramConfigSchema } from '../../../bot/telegram/index.js';
import { configSchema } from '../../../app/config.js';
import { tipConfigSchema } from '../../../handlers/tips/index.js';
import { jobsConfigSchema } from '../../../jobs/index.js';

// No Docker engine runs on the project's machines, so the image's rules are checked on the files:
// what enters the build context (.dockerignore) and what each Dockerfile stage copies.
const root = join(import.meta.dirname, '../../..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

/**
 * .dockerignore as Docker reads it (https://docs.docker.com/build/concepts/context/#dockerignore-files):
 * patterns relative to the context root, Go filepath.Match plus `**`, `!` re-includes, the last match
 * wins, and a pattern that matches a directory excludes everything under it.
 */
function ignoredByDockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negate, re: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const parts = path.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (candidates.some((c) => rule.re.test(c))) ignored = !rule.negate;
    return ignored;
  };
}

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** Dockerfile stages with their instructions (continuation lines joined, ARG defaults substituted in FROM). */
function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
    if (arg && stages.length === 0) args.set(arg[1]!, arg[2]!);
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_, k: string) => args.get(k) ?? '');
      stages.push({ name: from[2] ?? String(stages.length), from: image, lines: [] });
    } else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** COPY sources of a stage that come from the build context (not `--from=` another stage). */
const contextCopies = (s: Stage) =>
  s.lines
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/i.test(l))
    .flatMap((l) => l.replace(/^COPY\s+/i, '').replace(/--\S+\s+/g, '').split(/\s+/).slice(0, -1));

describe('Docker build context and image', () => {
  const ignored = ignoredByDockerignore(read('.dockerignore'));
  const stages = stagesOf(read('Dockerfile'));
  const runtime = stages.at(-1)!;

  it('keeps dependencies built on the host, data with tips and .env secrets out of the build context', () => {
    for (const path of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'bot/node_modules/x.js', 'data/zezhou.sqlite',
      'data/media/1.jpg', '.env', '.env.production', 'test-results/vitest.json', '.git/HEAD', 'dist/app/main.js']) {
      expect(ignored(path), path).toBe(true);
    }
    // …while everything the build needs is still sent.
    for (const path of ['package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', 'tsconfig.build.json', 'app/main.ts',
      'knowledge/handbook/handbook.yaml', 'jobs/plan/2026.yaml']) {
      expect(ignored(path), path).toBe(false);
    }
  });

  it('matches .dockerignore the way Docker does (negation, last rule wins, directories)', () => {
    const rules = ignoredByDockerignore('data\n**/*.log\n.env*\n!.env.example\n');
    expect(rules('data/a/b.sqlite')).toBe(true);
    expect(rules('app/data.ts')).toBe(false);
    expect(rules('deep/dir/x.log')).toBe(true);
    expect(rules('.env.local')).toBe(true);
    expect(rules('.env.example')).toBe(false);
  });

  it('installs dependencies inside the image and ships only production ones, built for the runtime Node', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // The runtime stage copies nothing from the context that could carry node_modules.
    for (const src of contextCopies(runtime)) {
      expect(['.', './', 'node_modules'].includes(src) || src.includes('node_modules'), `runtime COPY ${src}`).toBe(false);
    }
    const nodeModulesFrom = runtime.lines
      .map((l) => /^COPY\s+--from=(\S+)\s+\S*node_modules\S*\s/i.exec(l)?.[1])
      .filter((s): s is string => s !== undefined);
    expect(nodeModulesFrom).toHaveLength(1);
    const depsStage = stages.find((s) => s.name === nodeModulesFrom[0])!;
    const chain = (s: Stage): Stage[] => {
      const parent = stages.find((p) => p.name === s.from);
      return parent ? [...chain(parent), s] : [s];
    };
    const depsLines = chain(depsStage).flatMap((s) => s.lines);
    expect(depsLines.some((l) => /^RUN\s.*npm ci\b.*--omit=dev/.test(l)), 'prod-only npm ci').toBe(true);
    // Native modules are compiled against the same Node and libc the runtime stage runs.
    expect(chain(depsStage)[0]!.from).toBe(runtime.from);
    // No stage copies the whole context in (a `COPY . .` would bring anything .dockerignore forgets).
    for (const s of stages) expect(contextCopies(s), s.name).not.toContain('.');
  });

  it('sets in docker-compose.yml only variables the config schema knows', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> | string[] }> };
    const known = new Set(
      [configSchema, jobsConfigSchema, wecomConfigSchema, telegramConfigSchema, tipConfigSchema].flatMap((s) => Object.keys(s.shape)),
    );
    const appVars = Object.entries(compose.services)
      .filter(([, svc]) => 'build' in svc)
      .flatMap(([, svc]) => {
        const env = svc.environment ?? {};
        return Array.isArray(env) ? env.map((e) => e.split('=')[0]!) : Object.keys(env);
      });
    expect(appVars.length).toBeGreaterThan(0);
    for (const v of appVars) expect(known.has(v), `${v} is not in the config schema`).toBe(true);
  });
});
