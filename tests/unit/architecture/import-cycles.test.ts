import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** "No import cycles" (ARCHITECTURE.md), type-only imports included: types and services apart, arrows one way. */
const root = join(import.meta.dirname, '../../..');
const folders = ['app', 'bot', 'dashboard', 'domain', 'handlers', 'jobs', 'knowledge', 'locales', 'stores'];

const sources = folders.flatMap((d) =>
  readdirSync(join(root, d), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(d, f)),
);

function edges(file: string): string[] {
  const src = readFileSync(join(root, file), 'utf8');
  const specs = [...src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specs.map((s) => relative(root, join(root, dirname(file), s.replace(/\.js$/, '.ts'))));
}

/** Every cycle, each reported once as a path that ends where it started. */
function cycles(): string[] {
  const graph = new Map(sources.map((f) => [f, edges(f).filter((t) => sources.includes(t))]));
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of sources) if (!state.has(f)) visit(f);
  return found;
}

describe('import graph', () => {
  it('has no cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('would see one: handlers/context.ts depends on no handler service', () => {
    // The one circle the tree had (context ↔ deadlines, context ↔ tips/service) is kept out by construction.
    const ctx = edges('handlers/context.ts');
    expect(ctx).not.toContain('handlers/deadlines.ts');
    expect(ctx).not.toContain('handlers/tips/service.ts');
    expect(ctx).toContain('handlers/deadline-port.ts');
  });
});
