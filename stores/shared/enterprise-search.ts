import type { Enterprise } from '../../domain/enterprise.js';

/** Case-insensitive matching key for names, aliases and queries (Unicode-aware, unlike SQL lower()). */
export const searchKey = (s: string): string => s.trim().toLowerCase();

/**
 * Ranks enterprises whose name or an alias contains the query: exact > prefix > contains, a name
 * match before an alias match at the same level, then shorter names, then id for a stable order.
 * Adapters fetch candidates with a broad query; this also drops any candidate that does not match.
 */
export function rankEnterprises(candidates: Enterprise[], query: string, limit: number): Enterprise[] {
  const q = searchKey(query);
  if (!q) return [];
  const scored = candidates
    .map((e) => ({ e, score: score(e, q) }))
    .filter((x): x is { e: Enterprise; score: number } => x.score !== undefined);
  scored.sort((a, b) => a.score - b.score || a.e.name.length - b.e.name.length || (a.e.id < b.e.id ? -1 : 1));
  return scored.slice(0, limit).map((x) => x.e);
}

function score(e: Enterprise, q: string): number | undefined {
  const level = (s: string): number | undefined => {
    const k = searchKey(s);
    if (k === q) return 0;
    if (k.startsWith(q)) return 1;
    return k.includes(q) ? 2 : undefined;
  };
  const byName = level(e.name);
  const byAlias = Math.min(...e.aliases.map((a) => level(a) ?? Infinity));
  const best = Math.min(byName === undefined ? Infinity : byName * 2, byAlias * 2 + 1);
  return Number.isFinite(best) ? best : undefined;
}
