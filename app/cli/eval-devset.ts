// Builds the systematic regulation Q&A dev set from the corpus itself (not from any question set):
// `npx tsx app/cli/eval-devset.ts --corpus ../shared/corpus/regulations --out tests/fixtures/knowledge`.
// For every article of every regulation, and every 项 of 判定标准 第三条–第十四条, at least two questions
// phrased from templates in everyday words; plus hand-written answerable and unanswerable questions.
// The split into a tuning half and a held-out half is by article, seeded, and written into every line.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EVERYDAY_TUNING, EVERYDAY_UNANSWERABLE_TUNING } from './eval-devset-everyday.js';
import { HAND_WRITTEN, UNANSWERABLE } from './eval-devset-items.js';
import { NEAR_MISS_TUNING, NEAR_MISS_TWINS_TUNING } from './eval-devset-near-miss.js';
import { parseRegulation, type ParsedArticle } from './eval-devset-parse.js';

export const SPLIT_SEED = 20261207;
const PANDING = 'gongmao-zhongda-yinhuan-panding-2023.md';

/** mulberry32: small, seedable, identical on every platform. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Regulation wording → how officials and workers say it (domain vocabulary, not lifted from any question set). */
const EVERYDAY: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['负有安全生产监督管理职责的部门', ['监管部门', '安监部门', '管安全的部门']],
  ['县级以上地方各级人民政府', ['地方政府', '县里']],
  ['应急管理部门', ['应急局', '应急管理局']],
  ['生产经营单位', ['企业', '厂里', '单位', '公司']],
  ['工贸企业', ['企业', '厂里', '我们厂']],
  ['主要负责人', ['老板', '厂长', '负责人', '总经理']],
  ['安全生产管理人员', ['安全员', '安全管理员', '管安全的人']],
  ['从业人员', ['工人', '员工', '职工']],
  ['作业人员', ['干活的工人', '作业的人', '工人']],
  ['生产安全事故', ['安全事故', '事故']],
  ['事故隐患', ['隐患', '安全隐患']],
  ['未按照规定', ['没按规定', '没']],
  ['未按规定', ['没按规定', '没']],
  ['应当', ['要', '得', '应该']],
  ['不得', ['不能', '不许']],
  ['予以', ['']],
  ['建(构)筑物', ['厂房']],
  ['特种作业人员', ['电焊工', '电工', '特种作业的工人']],
  ['承包单位', ['外包单位', '承包商']],
  ['监测报警装置', ['报警器', '报警装置']],
  ['作业现场', ['现场']],
  ['未设置', ['没设', '没有设置']],
  ['未配备', ['没配', '没有配']],
  ['未采取', ['没采取', '没有采取']],
  ['未', ['没', '没有']],
  ['建（构）筑物', ['厂房']],
];

/** Occasional IME slips people make when typing fast (generic, not taken from any question set). */
const TYPOS: ReadonlyArray<readonly [string, string]> = [
  ['检查', '检察'],
  ['培训', '陪训'],
  ['按照', '安照'],
  ['设置', '设制'],
  ['规定', '规订'],
  ['安装', '按装'],
  ['记录', '纪录'],
  ['制度', '制渡'],
];

function everyday(s: string, r: Rand): string {
  let out = s;
  for (const [formal, casual] of EVERYDAY) if (out.includes(formal) && r() < 0.85) out = out.split(formal).join(pick(r, casual));
  if (r() < 0.12) {
    const typo = TYPOS.find(([a]) => out.includes(a));
    if (typo) out = out.replace(typo[0], typo[1]);
  }
  return out;
}

/** An item or clause as a situation someone describes: no trailing 的；, no leading numbering. */
function situation(s: string): string {
  return s
    .replace(/^（[一二三四五六七八九十]+）/, '')
    .replace(/[；;。：:，,]+$/, '')
    .replace(/的$/, '')
    .trim();
}

function firstPart(s: string): string {
  const parts = s.split(/，|；|或者/).filter((p) => p.length >= 6);
  return parts[0] ?? s;
}

const OPENERS = ['', '', '', '请问', '问一下，', '咨询下，', '领导好，', '我想了解一下，'];

interface DevQuestion {
  id: string;
  question: string;
  answerable: boolean;
  gold: Array<{ doc: string; article: string }>;
  /** Template family (or `hand`): lets a failure be traced to the way it was asked. */
  kind: string;
  split: 'tuning' | 'heldout';
  seed: number;
}

function rarity(c: string, df: Map<string, number>): number {
  let best = 0;
  for (let i = 0; i + 1 < c.length; i++) best = Math.max(best, 1 / (df.get(c.slice(i, i + 2)) ?? 1));
  return best;
}

/**
 * Clauses that say something only this article says (they hold a bigram at most two articles share),
 * rarest first, cut down to the words around that bigram: people ask about the gist, not the sentence.
 */
function salientClauses(a: ParsedArticle, df: Map<string, number>): string[] {
  const clauses = a.body
    .split(/[。；;：:\n，]/)
    .map((c) => c.trim().replace(/^(并|且|或者|以及|和)/, ''))
    .filter((c) => c.length >= 6 && !/^(依照|根据|按照)本/.test(c) && rarity(c, df) >= 0.5);
  const score = (c: string) => {
    let s = 0;
    for (let i = 0; i + 1 < c.length; i++) s += 1 / (df.get(c.slice(i, i + 2)) ?? 1);
    return s / Math.sqrt(c.length);
  };
  return [...new Set(clauses)].sort((x, y) => score(y) - score(x)).map((c) => gist(c, df));
}

/** The part of a long clause (split at 、 or 或者) holding its rarest bigram, with a neighbour if short. */
function gist(clause: string, df: Map<string, number>): string {
  if (clause.length <= 26) return clause;
  const parts = clause.split(/或者|、|以及/).filter((p) => p.length > 0);
  let at = 0;
  parts.forEach((p, i) => {
    if (rarity(p, df) > rarity(parts[at]!, df)) at = i;
  });
  let out = parts[at]!;
  if (out.length < 8 && at + 1 < parts.length) out = `${out}、${parts[at + 1]}`;
  if (out.length < 8 && at > 0) out = `${parts[at - 1]}、${out}`;
  return out;
}

function dutyQuestion(clause: string, r: Rand): string {
  const m = /^(.*?)(应当|必须|不得)(.+)$/.exec(clause);
  if (!m) return pick(r, [`${clause}，这个是怎么规定的？`, `关于${clause}，有什么要求？`, `${clause}，法规里咋说的`, `${clause}是啥规定`, `${clause}有没有相关规定？`]);
  const subject = m[1]!.replace(/，$/, '') || pick(r, ['企业', '单位']);
  const action = m[3]!;
  if (m[2] === '不得') return pick(r, [`${subject}能不能${action}？`, `${subject}可以${action}吗`, `${action}，这样做允许吗？`]);
  return pick(r, [`${subject}是不是一定要${action}？`, `${subject}要不要${action}`, `法规对${subject}${action}有要求吗？`, `${action}这件事是谁的责任？`]);
}

function penaltyQuestion(violation: string, r: Rand): string {
  return pick(r, [`${violation}，会怎么处罚？`, `${violation}罚多少钱`, `要是${violation}，要承担什么责任？`, `${violation}的话怎么罚`, `检查发现${violation}，按法律该怎么处理？`]);
}

function majorQuestion(item: string, place: string, r: Rand): string {
  return pick(r, [
    `${place}${item}，算不算重大隐患？`,
    `${place}${item}，这是重大事故隐患吗`,
    `检查时发现${item}，能判重大隐患吗？`,
    `${item}，按判定标准怎么定性？`,
    `${place}${item}，属于重大隐患不`,
  ]);
}

/** Who the questioner is, from the article's lead-in ("冶金企业有下列情形之一的"). */
function placeOf(lead: string, r: Rand): string {
  const m = /^(.+?)有下列情形/.exec(lead);
  const who = m?.[1]?.replace(/^(存在|使用|从事)/, '') ?? '企业';
  return pick(r, [`我们这${who.replace(/的工贸企业$|工贸企业$/, '企业')}`, '厂里', '有家厂子', '']);
}

function questionsFor(a: ParsedArticle, doc: string, docShort: string, bigramDf: Map<string, number>, r: Rand): Array<Omit<DevQuestion, 'split' | 'seed'>> {
  const out: Array<Omit<DevQuestion, 'split' | 'seed'>> = [];
  const add = (question: string, kind: string, article = a.label) =>
    out.push({ id: '', question: `${pick(r, OPENERS)}${everyday(question, r)}`, answerable: true, gold: [{ doc, article }], kind });
  const isPenalty = /罚款|处分|追究刑事责任|吊销/.test(a.body) && /法律责任|罚/.test(`${a.chapter}${a.body}`);
  const isMajorList = doc === PANDING && /应当判定为重大事故隐患/.test(a.lead) && a.items.length > 0;

  if (isMajorList) {
    const place = placeOf(a.lead, r);
    for (const item of a.items) {
      const s = situation(item.text);
      add(majorQuestion(s, place, r), 'major-item', `${a.label}第${item.label}项`);
      add(majorQuestion(gist(firstPart(s), bigramDf), placeOf(a.lead, r), r), 'major-item-part', `${a.label}第${item.label}项`);
    }
    return out;
  }
  const violations = a.items.filter((i) => !/罚款/.test(i.text));
  if (isPenalty && violations.length > 0) {
    const items = [...violations].sort(() => r() - 0.5).slice(0, Math.max(2, Math.min(4, a.items.length)));
    for (const item of items) add(penaltyQuestion(gist(situation(item.text), bigramDf), r), 'penalty-item', `${a.label}第${item.label}项`);
    if (items.length < 2) add(penaltyQuestion(firstPart(situation(items[0]!.text)), r), 'penalty-item-part', `${a.label}第${items[0]!.label}项`);
    return out;
  }
  if (isPenalty) {
    const violation = /^(.+?)的，/.exec(a.body)?.[1];
    if (violation && violation.length <= 60) add(penaltyQuestion(violation, r), 'penalty');
    const clauses = salientClauses(a, bigramDf).filter((c) => c !== violation);
    for (const c of clauses.slice(0, violation ? 1 : 2)) add(penaltyQuestion(situation(c), r), 'penalty-clause');
    while (out.length < 2) add(`${docShort}里${firstPart(situation(a.body))}是怎么处罚的？`, 'penalty-fallback');
    return out;
  }
  const term = /所称(.{2,20}?)，?是指/.exec(a.body)?.[1] ?? /本(?:法|规定|标准)下列用语的含义/.test(a.body) ? /所称(.{2,20}?)，?是指/.exec(a.body)?.[1] : undefined;
  if (term) {
    add(pick(r, [`${term}是什么意思？`, `什么叫${term}？`, `${term}到底怎么定义的`]), 'definition');
  }
  if (/自\d{4}年\d+月\d+日起施行/.test(a.body)) {
    add(pick(r, [`${docShort}什么时候开始施行的？`, `${docShort}啥时候生效`, `${docShort}是哪天开始执行的？`]), 'effective');
  }
  const clauses = salientClauses(a, bigramDf);
  for (const c of clauses) {
    if (out.length >= 2) break;
    add(dutyQuestion(situation(c), r), 'duty');
  }
  while (out.length < 2) add(`${docShort}里关于${firstPart(situation(a.body))}是怎么说的？`, 'fallback');
  return out;
}

function bigramDocFrequency(articles: ParsedArticle[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const a of articles) {
    const seen = new Set<string>();
    for (let i = 0; i + 1 < a.body.length; i++) seen.add(a.body.slice(i, i + 2));
    for (const b of seen) df.set(b, (df.get(b) ?? 0) + 1);
  }
  return df;
}

const SHORT_TITLES: Record<string, string> = {
  'anquan-shengchan-fa-2021.md': '安全生产法',
  'gongmao-youxian-kongjian-2023.md': '有限空间作业安全规定',
  [PANDING]: '重大隐患判定标准',
};

export async function buildDevSet(corpusDir: string): Promise<DevQuestion[]> {
  const r = rng(SPLIT_SEED);
  const files = (await readdir(corpusDir)).filter((f) => f.endsWith('.md')).sort();
  const parsed = await Promise.all(files.map(async (f) => ({ file: f, articles: parseRegulation(await readFile(join(corpusDir, f), 'utf8')) })));
  const df = bigramDocFrequency(parsed.flatMap((p) => p.articles));
  const generated: Array<Omit<DevQuestion, 'split' | 'seed'>> = [];
  for (const p of parsed) {
    for (const a of p.articles) generated.push(...questionsFor(a, p.file, SHORT_TITLES[p.file] ?? p.file.replace(/\.md$/, ''), df, r));
  }
  const hand = HAND_WRITTEN.map((h) => ({ ...h, answerable: true, kind: 'hand' }));
  const none = UNANSWERABLE.map((u) => ({ question: u.question, answerable: false, gold: [], kind: `none-${u.kind}` }));

  const tuningArticles = tuningHalf(parsed);
  const splitOf = (gold: Array<{ doc: string; article: string }>): 'tuning' | 'heldout' => {
    const g = gold[0]!;
    return tuningArticles.has(`${g.doc}|${/^第.+?条/.exec(g.article)![0]}`) ? 'tuning' : 'heldout';
  };
  const noneOrder = shuffle(none.map((_, i) => i), rng(SPLIT_SEED + 2));
  const noneTuning = new Set(noneOrder.slice(0, Math.ceil(none.length / 2)));
  // `id` is assigned last, once the order is final.
  const all: Array<Omit<DevQuestion, 'id'>> = [
    ...[...generated, ...hand].map((q) => ({ ...q, split: splitOf(q.gold), seed: SPLIT_SEED })),
    ...none.map((q, i) => ({ ...q, split: noneTuning.has(i) ? ('tuning' as const) : ('heldout' as const), seed: SPLIT_SEED })),
  ];
  return [...all.map((q, i) => ({ ...q, id: `s${String(i + 1).padStart(3, '0')}` })), ...everydayTuning(tuningArticles), ...nearMissTuning(tuningArticles)];
}

/**
 * The second round of hand-written everyday questions, answerable and not: tuning half only, appended
 * after the first round's rows so no earlier id or held-out line changes. Every gold article must be a tuning-half
 * article, so the halves stay disjoint by article.
 */
function everydayTuning(tuningArticles: Set<string>): DevQuestion[] {
  return answerableTuning(EVERYDAY_TUNING, 'e', tuningArticles).concat(
    EVERYDAY_UNANSWERABLE_TUNING.map((q, i) => ({ id: `u${String(i + 1).padStart(3, '0')}`, question: q.question, answerable: false, gold: [], kind: `none-${q.kind}`, split: 'tuning' as const, seed: SPLIT_SEED })),
  );
}

/**
 * The third round, tuning half only, appended after the second: near misses (ids `n…`) and their answerable
 * everyday twins (ids `t…`, kind `everyday`) on tuning-half articles.
 */
function nearMissTuning(tuningArticles: Set<string>): DevQuestion[] {
  return answerableTuning(NEAR_MISS_TWINS_TUNING, 't', tuningArticles).concat(
    NEAR_MISS_TUNING.map((question, i) => ({ id: `n${String(i + 1).padStart(3, '0')}`, question, answerable: false, gold: [], kind: 'none-near-miss', split: 'tuning' as const, seed: SPLIT_SEED })),
  );
}

/** Hand-written answerable tuning questions with ids `<prefix>001…`; refuses any whose gold names a held-out article. */
function answerableTuning(questions: ReadonlyArray<{ question: string; gold: Array<{ doc: string; article: string }> }>, prefix: string, tuningArticles: Set<string>): DevQuestion[] {
  return questions.map((q, i) => {
    const outside = q.gold.filter((g) => !tuningArticles.has(`${g.doc}|${/^第.+?条/.exec(g.article)![0]}`));
    if (outside.length > 0) throw new Error(`everyday question "${q.question}" cites held-out articles: ${outside.map((g) => g.article).join(', ')}`);
    return { id: `${prefix}${String(i + 1).padStart(3, '0')}`, question: q.question, answerable: true, gold: q.gold, kind: 'everyday', split: 'tuning' as const, seed: SPLIT_SEED };
  });
}

/** Split by article: every question about one article lands in the same half (`doc|第X条` keys of the tuning half). */
export function tuningHalf(parsed: Array<{ file: string; articles: ParsedArticle[] }>): Set<string> {
  const articleKeys = [...new Set(parsed.flatMap((p) => p.articles.map((a) => `${p.file}|${a.label}`)))];
  const order = shuffle(articleKeys, rng(SPLIT_SEED + 1));
  return new Set(order.slice(0, Math.ceil(order.length / 2)));
}

function shuffle<T>(xs: T[], r: Rand): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

if (process.argv[1]?.endsWith('eval-devset.ts')) {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, out: { type: 'string' } } });
  if (!values.corpus || !values.out) {
    console.error('usage: npx tsx app/cli/eval-devset.ts --corpus <dir> --out <dir>');
    process.exit(2);
  }
  const all = await buildDevSet(values.corpus);
  for (const split of ['tuning', 'heldout'] as const) {
    const rows = all.filter((q) => q.split === split);
    await writeFile(join(values.out, `systematic-${split}.jsonl`), rows.map((q) => JSON.stringify(q)).join('\n') + '\n');
    console.log(`${split}: ${rows.length} questions (${rows.filter((q) => !q.answerable).length} unanswerable)`);
  }
}
