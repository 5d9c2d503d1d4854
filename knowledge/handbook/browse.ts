import type { HandbookItem } from '../types.js';
import { matchSynonyms } from '../text/synonyms.js';
import { words } from '../text/tokenizer.js';
import { normalizeForMatch } from '../text/normalize.js';

/**
 * Keyword lookup for browsing the handbook (no embeddings needed, synchronous): an id or a category
 * name lists those items; otherwise items are ranked by where the words occur (title > keywords > text).
 * An empty keyword lists the handbook in order.
 */
export function browseHandbook(items: HandbookItem[], keyword: string, limit = 10): HandbookItem[] {
  const k = keyword.trim();
  if (!k) return items.slice(0, limit);
  const byId = items.find((i) => i.id.toLowerCase() === k.toLowerCase());
  if (byId) return [byId];
  const inCategory = items.filter((i) => i.category === k);
  if (inCategory.length > 0) return inCategory.slice(0, limit);

  const terms = new Set([normalizeForMatch(k), ...words(k).filter((w) => w.length >= 2)]);
  for (const m of matchSynonyms(k)) for (const c of m.canonical.split(' ')) terms.add(c);
  const scored = items.map((item) => {
    const title = normalizeForMatch(item.title);
    const keywords = item.keywords.map(normalizeForMatch);
    const body = normalizeForMatch(`${item.category} ${item.description}`);
    let score = 0;
    for (const t of terms) {
      if (title.includes(t)) score += 3;
      if (keywords.some((kw) => kw.includes(t) || t.includes(kw))) score += 2;
      if (body.includes(t)) score += 1;
    }
    return { item, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.item);
}
