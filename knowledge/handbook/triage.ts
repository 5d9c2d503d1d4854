import { dict } from '@node-rs/jieba/dict.js';
import { withoutInstructions } from '../retrieval/query.js';
import { DOMAIN_TERMS } from '../text/domain-dictionary.js';
import { normalizeForMatch } from '../text/normalize.js';
import { matchSynonyms } from '../text/synonyms.js';
import { words } from '../text/tokenizer.js';
import { WORKER_TERMS } from '../text/worker-terms.js';
import type { HandbookItem } from '../types.js';

/**
 * Matching a worker's hazard report against the handbook.
 *
 * Reports are colloquial and padded with everyday words (今天, 地面, 旁边, 靠近), so a plain share of
 * matched words says little. Every word is weighed by how *informative* it is:
 *  - specificity: how rare the word is in general Chinese (jieba's dictionary frequencies), so 地面 or
 *    空调 count little and 钢包, 熔炼炉, 泄爆, 有限空间 count fully;
 *  - handbook IDF: how few items use it, so 有限空间 (a dozen items) ranks less than 监护人.
 * An item is suggested only when the report names at least one of the item's own key terms (its
 * keywords and the handbook terms in its title) that is specific enough to anchor it, and enough of
 * the report's informative content is found in the item. Workers' words reach the handbook's wording
 * through WORKER_TERMS (钢水包 → 钢包, 漏水 → 积水, 防爆片 → 泄爆), and a synonym lends the handbook
 * term only the specificity of what the worker actually wrote.
 */

/** Everyday words at or above this general-language frequency count (almost) nothing. */
const COMMON_FREQ = 5000;
/** Words at or below this frequency are fully specific. */
const RARE_FREQ = 20;
/** A key term at least this specific can anchor a suggestion on its own. */
export const ANCHOR_SPECIFICITY = 0.5;
/** Credit for a handbook term found only inside a longer word of the report (冷却水管 ⊃ 冷却水). */
const PART_CREDIT = 0.7;

let generalFrequency: Map<string, number> | undefined;

function frequencies(): Map<string, number> {
  if (!generalFrequency) {
    generalFrequency = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const [w, f] = line.split(' ');
      if (w && f) generalFrequency.set(w, Number(f));
    }
  }
  return generalFrequency;
}

/** 0 for everyday words (今天, 地面), 1 for terms general Chinese hardly uses (钢包, 泄爆, 有限空间). */
export function specificity(term: string): number {
  if (term.length < 2) return 0;
  const f = frequencies().get(term) ?? 0;
  const s = (Math.log(COMMON_FREQ) - Math.log(1 + f)) / (Math.log(COMMON_FREQ) - Math.log(RARE_FREQ));
  return Math.min(1, Math.max(0, s));
}

/** One thing the report mentions: found in an item when any alternative occurs in its text. */
interface ReportConcept {
  alternatives: string[];
  /** Handbook terms inside the word (partial credit). */
  parts: string[];
  /** Specificity of what the worker wrote. */
  strength: number;
  weight: number;
}

interface ItemProfile {
  item: HandbookItem;
  text: string;
  keyTerms: string[];
  keyWeight: number;
}

export interface TriageMatch {
  item: HandbookItem;
  /** Ranking score in [0, 1]. */
  score: number;
  /** Informativeness-weighted share of the report found in the item. */
  coverage: number;
  /** Weighted share of the item's key terms the report names. */
  keyShare: number;
  /** Specificity of the strongest key term the report names. */
  anchor: number;
}

function itemText(item: HandbookItem): string {
  return normalizeForMatch([item.category, item.title, item.description, item.keywords.join('、'), item.evidence.join('、'), item.measures.join('、')].join('\n'));
}

export class HandbookMatcher {
  private readonly profiles: ItemProfile[];
  private readonly vocabulary: string[];
  private readonly idfCache = new Map<string, number>();

  constructor(items: readonly HandbookItem[]) {
    const keywords = items.flatMap((i) => i.keywords.map(normalizeForMatch));
    const canonicals = WORKER_TERMS.flatMap((g) => g[0]!.split(' '));
    this.vocabulary = [...new Set([...DOMAIN_TERMS, ...keywords, ...canonicals])].filter((t) => t.length >= 2);
    const texts = items.map(itemText);
    this.profiles = items.map((item, i) => ({ item, text: texts[i]!, keyTerms: [], keyWeight: 0 }));
    for (const p of this.profiles) {
      const title = normalizeForMatch(p.item.title);
      p.keyTerms = [...new Set([...p.item.keywords.map(normalizeForMatch), ...this.vocabulary.filter((t) => title.includes(t))])];
      p.keyWeight = p.keyTerms.reduce((s, t) => s + this.weight(t), 0);
    }
  }

  /** Normalised IDF over the handbook items: 1 for a term no item uses, small for one most items use. */
  private idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const n = this.profiles.length;
      const df = this.profiles.filter((p) => p.text.includes(term)).length;
      v = Math.log(1 + n / (1 + df)) / Math.log(1 + n);
      this.idfCache.set(term, v);
    }
    return v;
  }

  private weight(term: string, strength = specificity(term)): number {
    return strength * this.idf(term);
  }

  analyze(description: string): ReportConcept[] {
    const text = normalizeForMatch(withoutInstructions(description));
    const concepts: ReportConcept[] = [];
    let rest = text;
    // Every worker's word found, except one inside a longer one found (钢水包 rather than 钢水 within it).
    const found = (variants: readonly string[]): string[] => {
      const hits = variants.filter((v) => text.includes(v));
      return hits.filter((v) => !hits.some((o) => o !== v && o.includes(v)));
    };
    const groups = [
      ...matchSynonyms(text).map((m) => ({ canonical: m.canonical.split(' '), variant: m.variant })),
      ...WORKER_TERMS.flatMap(([canonical, ...variants]) => found(variants).map((variant) => ({ canonical: canonical!.split(' '), variant }))),
    ];
    for (const g of groups) {
      rest = rest.split(g.variant).join(' ');
      // When the report also uses the handbook wording, the variant is the same concept said twice.
      if (g.canonical.some((c) => text.split(g.variant).join(' ').includes(c))) continue;
      const strength = Math.max(specificity(g.variant), g.variant.length >= 3 && !frequencies().has(g.variant) ? 1 : 0);
      const alternatives = [...g.canonical, g.variant];
      const idf = Math.max(...alternatives.map((a) => this.idf(a)));
      concepts.push({ alternatives, parts: [], strength, weight: strength * idf });
    }
    // Handbook terms jieba would split into everyday words (安全出口 → 安全/出口), longest first.
    for (const t of this.vocabulary.filter((v) => rest.includes(v)).sort((a, b) => b.length - a.length)) {
      if (!rest.includes(t)) continue;
      rest = rest.split(t).join(' ');
      const strength = specificity(t);
      concepts.push({ alternatives: [t], parts: [], strength, weight: strength * this.idf(t) });
    }
    for (const w of new Set(words(rest))) {
      if (w.length < 2) continue;
      const strength = specificity(w);
      const parts = this.vocabulary.filter((t) => t.length < w.length && w.includes(t));
      concepts.push({ alternatives: [w], parts, strength, weight: strength * this.idf(w) });
    }
    return concepts;
  }

  match(description: string): TriageMatch[] {
    const concepts = this.analyze(description);
    const text = normalizeForMatch(withoutInstructions(description));
    const total = concepts.reduce((s, c) => s + c.weight, 0);
    if (total === 0) return [];
    return this.profiles
      .map((p) => {
        let found = 0;
        for (const c of concepts) {
          if (c.alternatives.some((a) => p.text.includes(a))) found += c.weight;
          else if (c.parts.some((a) => p.text.includes(a))) found += PART_CREDIT * c.weight;
        }
        let matchedWeight = 0;
        let anchor = 0;
        for (const k of p.keyTerms) {
          let strength = text.includes(k) ? specificity(k) : 0;
          for (const c of concepts) {
            if (c.alternatives.includes(k)) strength = Math.max(strength, Math.min(specificity(k) || 1, c.strength));
          }
          if (strength === 0) continue;
          matchedWeight += this.weight(k, strength);
          anchor = Math.max(anchor, strength);
        }
        const coverage = found / total;
        const keyShare = p.keyWeight === 0 ? 0 : matchedWeight / p.keyWeight;
        return { item: p.item, coverage, keyShare, anchor, score: 0.6 * coverage + 0.4 * Math.sqrt(keyShare) };
      })
      .filter((m) => m.anchor > 0)
      .sort((a, b) => b.score - a.score);
  }
}
