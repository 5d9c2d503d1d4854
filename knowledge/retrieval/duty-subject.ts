import { normalizeForMatch } from '../text/normalize.js';
import { credit } from './confidence.js';
import type { Concept } from './query.js';

/**
 * Who an article addresses and who does what in it, read from the regulation's own sentence shapes
 * ("X应当…", "由X进行审批", "X负责…"): lets a penalty be paired with a duty of the same party, and a
 * "由谁 / 谁负责" question prefer the article that names the one who acts.
 */

const LABEL = /^第[零〇一二三四五六七八九十百]+条[\s\u3000]*/;
const PREAMBLE = /^违反本(?:法|规定|标准)(?:规定)?，/;
/** Where the leading subject of a regulation sentence ends. */
const PREDICATE = /应当|必须|不得|依法|有权|可以|未|有下列|将|与|对|在|发生|接到|是|拒不|不立即|擅自/;

/** The party a sentence starts with (生产经营单位, 负有安全生产监督管理职责的部门), if it starts with one. */
export function leadSubject(articleText: string): string | undefined {
  const text = articleText.replace(LABEL, '').replace(PREAMBLE, '').split('\n')[0]!;
  const m = PREDICATE.exec(text);
  if (!m || m.index < 2 || m.index > 30) return undefined;
  const subject = text.slice(0, m.index);
  return /[，。；：、]/.test(subject) ? undefined : subject;
}

/**
 * Whom a penalty article punishes: its leading subject ("生产经营单位未采取措施…"), else the party the
 * fine is imposed on ("…责令限期改正，对工贸企业处5万元以下的罚款").
 */
export function penalizedSubject(penaltyText: string): string | undefined {
  const lead = leadSubject(penaltyText);
  if (lead) return lead;
  return /对([^，。；、]{2,20}?)处[0-9零一二三四五六七八九十百千万]/.exec(penaltyText)?.[1];
}

/** "由谁批 / 谁负责 / 哪个部门管": the question asks who acts, not what must be done. */
export function asksWho(question: string): boolean {
  return /谁|哪个部门|哪个单位|什么人|哪些人|什么部门/.test(question);
}

/** Marks a clause that names who acts: 由X(进行)…, X负责…, X是…责任人. */
const AGENT = /由[^，。；,;]{2,}|负责[^人]|责任人/;

/**
 * Words that ask for a verdict on the situation (合法吗, 算数吗, 要不要管) or stand in for what is asked
 * (哪些内容, 哪些东西), rather than name it.
 */
const JUDGEMENT = /^(负责|合法|违法|算数|有效|可以|允许|必须|需要|应该|规定|要求|算|管|能|会|行|有没有|是不是|要不要|能不能|内容|东西|事情|情况|方面)$/;

/** Question words: the words next to one say what is asked about. */
export const QUESTION_WORD = /谁|什么|啥|哪|怎么|咋|多少|几|吗|难不难|好不好/;

/** How near the question word a word must be to be what is asked about (审批 in "审批由谁批"). */
const NEAR_ASKED = 4;

/**
 * The question's concepts written right next to a question word (`marker`): the thing asked about —
 * the act whose doer is asked for (审批由谁批), the thing asked for (检测仪哪个牌子好 → 牌子).
 */
export function conceptsNear(question: string, concepts: Concept[], marker: RegExp): Concept[] {
  const q = normalizeForMatch(question);
  const spans = [...q.matchAll(new RegExp(marker.source, 'g'))].map((m) => [m.index, m.index + m[0].length] as const);
  const near = (t: string) => {
    for (let i = q.indexOf(t); i >= 0; i = q.indexOf(t, i + 1)) if (spans.some(([s, e]) => (i + t.length <= s ? s - (i + t.length) : i - e) <= NEAR_ASKED)) return true;
    return false;
  };
  return concepts.filter((c) => (c.weight ?? 1) >= 1 && !c.tokens.some((t) => marker.test(t) || JUDGEMENT.test(t)) && c.tokens.some(near));
}

/** The act whose doer a who-question asks for. */
export function whoTargets(question: string, concepts: Concept[]): Concept[] {
  return conceptsNear(question, concepts, /谁/);
}

/**
 * Whether a clause of the article names who does the asked act (审批 in "应当由工贸企业主要负责人…进行审批"),
 * not merely mentions the act (审批人 in a list of roles) or names a doer of something else. A compound
 * the question uses (作业审批) counts by its head, its last two characters (审批): Chinese compounds are
 * head-final.
 */
export function namesAgentFor(targets: Concept[], articleText: string): boolean {
  if (targets.length === 0) return false;
  return normalizeForMatch(articleText)
    .split(/[，。；：,;:\n]/)
    .some((clause) => AGENT.test(clause) && targets.some((c) => credit(c, clause) === 1 || c.tokens.some((t) => t.length >= 3 && clause.includes(t.slice(-2)))));
}
