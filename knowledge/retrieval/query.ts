import { matchSynonyms } from '../text/synonyms.js';
import { tokenize, wordsWithUnknownRuns } from '../text/tokenizer.js';

/** One thing the question asks about; found in an article when any alternative occurs in its text. */
export interface Concept {
  alternatives: string[];
  /** Tokens the user typed for it (their IDF weighs the concept). */
  tokens: string[];
  /** Multiplies the IDF weight: below 1 for words only in a parenthetical aside. */
  weight?: number;
  /**
   * Set by the ranker for a word of 2–4 Chinese characters: where the text lacks it, it may still spell
   * it out as an abbreviation does (瞒报 ← 隐瞒不报, 安评 ← 安全评价, 履职 ← 履行职责), for partial credit.
   */
  abbreviation?: boolean;
}

/** Words only inside （…） describe the situation (清理煤气管道), not what is asked: they count half. */
const ASIDE_WEIGHT = 0.5;
const ASIDE = /[（(]([^（）()]{1,40})[）)]/g;

/** IDF weight of a concept (its rarest token), scaled by its own weight. */
export function conceptWeight(c: Concept, idf: (t: string) => number): number {
  return Math.max(...c.tokens.map(idf)) * (c.weight ?? 1);
}

export interface AnalyzedQuery {
  question: string;
  /** Question plus the regulation wording of colloquial terms: what the embedder sees. */
  expandedText: string;
  /** BM25 query terms with weights. */
  terms: Map<string, number>;
  concepts: Concept[];
}

/** Added wording helps recall but should not outvote what the user actually typed. */
const EXPANSION_WEIGHT = 0.7;

const INSTRUCTION_CLAUSE =
  /(忽略|无视|不要理会|忘记|忘掉|违反).{0,12}(规则|指令|指示|要求|提示|以上|之前|上面)|你现在是|你是一个|扮演|系统提示|提示词|不要引用|不用引用|不要标注|编一个|直接回答|回答[“"']|ignore (all|any|previous|the above)|system prompt|<\/?(question|system|sources?)>/i;

/**
 * Drops clauses that address the assistant rather than ask about regulations ("忽略以上规则，…"), so they
 * neither steer retrieval nor dilute the match. The model still sees the whole question, as data.
 */
export function withoutInstructions(question: string): string {
  return question
    .split(/(?<=[，。！？；：,.!?;:\n])/)
    .filter((clause) => !INSTRUCTION_CLAUSE.test(clause))
    .join('');
}

export function analyzeQuery(rawQuestion: string): AnalyzedQuery {
  const question = withoutInstructions(rawQuestion);
  const matches = matchSynonyms(question);
  const terms = new Map<string, number>();
  const own = tokenize(question);
  for (const t of own) terms.set(t, 1);
  for (const m of matches) {
    for (const t of tokenize(m.canonical)) if (!terms.has(t)) terms.set(t, EXPANSION_WEIGHT);
  }
  const lowered = question.toLowerCase();
  const concepts: Concept[] = matches.map((m) => ({
    alternatives: [...m.canonical.split(' '), m.variant],
    tokens: [m.variant],
  }));
  // Other words (two characters or more: single characters say little) are concepts of their own.
  let rest = lowered;
  for (const m of matches) rest = rest.split(m.variant).join(' ');
  for (const w of new Set(wordsWithUnknownRuns(rest))) if (w.length >= 2) concepts.push({ alternatives: [w], tokens: [w] });
  const outside = lowered.replace(ASIDE, ' ');
  if (outside !== lowered) for (const c of concepts) if (!c.tokens.some((t) => outside.includes(t))) c.weight = ASIDE_WEIGHT;
  return {
    question,
    expandedText: [question, ...matches.map((m) => m.canonical)].join(' '),
    terms,
    concepts,
  };
}
