import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDevSet } from '../../../app/cli/eval-devset.js';

const FIXTURES = new URL('../../fixtures/knowledge/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const base = (a: string) => /^第.+?条/.exec(a)![0];

describe('systematic dev set split', () => {
  it('regenerates both checked-in halves exactly: the held-out half was never edited', async () => {
    const all = await buildDevSet(fileURLToPath(new URL('regulations', FIXTURES)));
    for (const split of ['tuning', 'heldout'] as const) {
      const rows = all.filter((q) => q.split === split).map((q) => JSON.stringify(q));
      expect(`${rows.join('\n')}\n`).toBe(read(`systematic-${split}.jsonl`));
    }
  });

  it('keeps the everyday questions of the second round and the near misses of the third in the tuning half, on tuning-half articles only', () => {
    const parse = (name: string) => read(name).trim().split('\n').map((l) => JSON.parse(l) as { id: string; split: string; gold: Array<{ doc: string; article: string }>; answerable: boolean });
    const tuning = parse('systematic-tuning.jsonl');
    const heldout = parse('systematic-heldout.jsonl');
    // Articles the first round put in the held-out half by their first gold article.
    const heldoutArticles = new Set(heldout.filter((q) => q.answerable).map((q) => `${q.gold[0]!.doc}|${base(q.gold[0]!.article)}`));
    const everyday = tuning.filter((q) => /^[eutn]\d+$/.test(q.id));
    expect(everyday.length).toBeGreaterThanOrEqual(150);
    expect(everyday.filter((q) => q.id.startsWith('n') && !q.answerable).length).toBeGreaterThanOrEqual(50);
    for (const q of everyday) {
      expect(q.split).toBe('tuning');
      for (const g of q.gold) expect(heldoutArticles.has(`${g.doc}|${base(g.article)}`), `${q.id} ${g.article}`).toBe(false);
    }
    expect(heldout.some((q) => /^[eutn]\d+$/.test(q.id))).toBe(false);
  });
});
