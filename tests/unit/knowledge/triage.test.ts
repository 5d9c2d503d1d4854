import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specificity } from '../../../knowledge/handbook/triage.js';
import { createKnowledgeBase, MemoryIndexStorage, type KnowledgeBase, type TriageSuggestion } from '../../../knowledge/index.js';

interface DevCase {
  text: string;
  /** Handbook items an official would accept as the suggestion; [] for reports that are no hazard. */
  accept: string[];
  area: string;
}

const DEV: DevCase[] = readFileSync(new URL('../../fixtures/knowledge/triage-dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevCase);

describe('triage of worker-style hazard reports', () => {
  let kb: KnowledgeBase;
  const results = new Map<string, TriageSuggestion>();
  beforeAll(async () => {
    kb = await createKnowledgeBase({ storage: new MemoryIndexStorage() });
    for (const c of DEV) results.set(c.text, await kb.triage(c.text));
  });
  afterAll(() => kb.close());

  it('has a dev set of realistic reports across the areas, with unrelated ones', () => {
    expect(DEV.length).toBeGreaterThanOrEqual(50);
    expect(DEV.filter((c) => c.accept.length === 0).length).toBeGreaterThanOrEqual(10);
    for (const c of DEV) for (const id of c.accept) expect(kb.handbookItem(id), `${c.text}: ${id}`).toBeDefined();
  });

  it('puts an acceptable item in the top 3 for at least 90% of hazard reports', () => {
    const hazards = DEV.filter((c) => c.accept.length > 0);
    const missed = hazards.filter((c) => !results.get(c.text)!.items.slice(0, 3).some((i) => c.accept.includes(i.id)));
    expect(1 - missed.length / hazards.length, `missed: ${missed.map((c) => c.text).join(' | ')}`).toBeGreaterThanOrEqual(0.9);
  });

  it('suggests nothing for at least 90% of unrelated reports and never flags one as maybe major', () => {
    const unrelated = DEV.filter((c) => c.accept.length === 0);
    const noisy = unrelated.filter((c) => results.get(c.text)!.items.length > 0);
    expect(1 - noisy.length / unrelated.length, `suggested for: ${noisy.map((c) => c.text).join(' | ')}`).toBeGreaterThanOrEqual(0.9);
    expect(unrelated.filter((c) => results.get(c.text)!.maybeMajor).map((c) => c.text)).toEqual([]);
  });

  it('flags most reports whose best acceptable item is a listed major hazard', () => {
    const major = DEV.filter((c) => c.accept.length > 0 && kb.handbookItem(c.accept[0]!)!.major);
    const flagged = major.filter((c) => results.get(c.text)!.maybeMajor);
    expect(flagged.length / major.length).toBeGreaterThanOrEqual(0.8);
  });

  it('recognises water near molten metal however it is phrased', async () => {
    for (const text of ['熔炼炉旁地面有积水', '熔炼炉旁的冷却水管漏水，地面有积水，靠近钢包', '熔炼炉炉前平台有积水，靠近钢包']) {
      const t = await kb.triage(text);
      expect(t.items.map((i) => i.id), text).toEqual(expect.arrayContaining([expect.stringMatching(/^(MOL-04|MOL-05)$/)]));
      expect(t.maybeMajor, text).toBe(true);
      expect(t.basis).toContainEqual(expect.objectContaining({ docTitle: '工贸企业重大事故隐患判定标准' }));
    }
  });

  it('does not read 氨制冷 into an office air conditioner, nor a hazard into everyday complaints', async () => {
    for (const text of ['办公室空调不制冷', '食堂今天的饭菜太咸了', '厕所水管漏水了，地面有积水']) {
      expect(await kb.triage(text), text).toEqual({ items: [], maybeMajor: false, basis: [] });
    }
  });

  it('weighs words by how informative they are', () => {
    expect(specificity('今天')).toBe(0);
    expect(specificity('地面')).toBeLessThan(0.1);
    expect(specificity('空调')).toBeLessThan(0.5);
    for (const t of ['钢包', '熔炼炉', '泄爆', '有限空间', '熔融金属']) expect(specificity(t), t).toBe(1);
  });
});
