import type { CorpusIndex } from '../corpus/corpus-index.js';
import type { DocRecord } from '../corpus/records.js';

/**
 * Every regulation says what its terms mean (本规定所称X，是指…), when it takes effect (自…起施行) and why it
 * was made (第一条 为了…). A question asking exactly that ("什么算重大危险源", "新规啥时候实行", "为什么出台")
 * shares few words with those articles, so word matching alone ranks them low: they are found by their role.
 */
export type ArticleRole = 'definition' | 'commencement' | 'purpose';

const ASKS: Array<[ArticleRole, RegExp]> = [
  ['commencement', /(?:什么时候|啥时候|何时|哪天|几号|哪年|哪一天)(?:开始|起)?(?:施行|实行|实施|生效|执行)|(?:施行|实行|实施|生效)(?:时间|日期)|从(?:什么|啥)时候(?:开始|起)/],
  ['purpose', /为(?:什么|啥)要?(?:出台|制定|颁布|发布|搞)|(?:出台|制定|颁布|立法)的?(?:目的|原因|初衷)|目的是什么/],
  ['definition', /(?:什么|啥)(?:是|叫|算)|是指什么|指的是什么|指(?:什么|啥)|(?:什么|啥)意思|怎么定义|定义|含义|算不算|算是|算吗|属不属于|属于.{0,12}吗/],
];

/** The term must be what is asked about: next to the cue ("算不算有限空间", "有限空间作业是指什么"), not merely named. */
const BEFORE_TERM = '算不算|算是|算|叫做|叫|是不是|属不属于|属于|什么是|啥是';
const AFTER_TERM = '是指|指的是|指|的定义|定义|的含义|含义|是什么意思|什么意思|啥意思|怎么定义|是什么|是啥';

function asksMeaningOf(question: string, term: string): boolean {
  return new RegExp(`(?:${BEFORE_TERM})${term}|${term}.{0,2}?(?:${AFTER_TERM})`).test(question);
}

/** The role of article the question asks for, if any. */
export function askedRole(question: string): ArticleRole | undefined {
  return ASKS.find(([, re]) => re.test(question))?.[0];
}

/** "本规定所称有限空间，是指" and, in a list of definitions, "重大危险源，是指". */
const DEFINED = /(?:所称|^)([\u4e00-\u9fa5]{2,12})，(?:是指|包括)/gm;
const COMMENCES = /自.{2,30}?起施行/;
const PURPOSE = /^(?:第一条[\s\u3000]*)?为了/;

interface RoleArticle {
  docKey: string;
  article: string;
  /** Terms an article defines. */
  terms: string[];
  role: ArticleRole;
}

const byCorpus = new WeakMap<CorpusIndex, { version: string; found: RoleArticle[] }>();

/** The definition, commencement and purpose articles of the corpus's regulations (found once per set of documents). */
function roleArticles(corpus: CorpusIndex): RoleArticle[] {
  // An ingest changes the index in place: the documents' hashes say whether the list is still current.
  const version = [...corpus.docs.values()].map((d) => `${d.key}@${d.hash}`).join('\n');
  const cached = byCorpus.get(corpus);
  if (cached?.version === version) return cached.found;
  const found: RoleArticle[] = [];
  const seen = new Set<string>();
  for (const doc of corpus.docs.values()) {
    if (doc.kind !== 'regulation') continue;
    for (const id of doc.chunkIds) {
      const chunk = corpus.chunks.get(id);
      // Only articles are cited: a preamble (题注) that repeats the date of effect is not one.
      if (!chunk || !chunk.article.startsWith('第')) continue;
      const add = (role: ArticleRole, terms: string[] = []) => {
        const key = `${role}|${doc.key}|${chunk.article}|${terms.join()}`;
        if (seen.has(key)) return;
        seen.add(key);
        found.push({ docKey: doc.key, article: chunk.article, terms, role });
      };
      const terms = [...chunk.text.matchAll(DEFINED)].map((m) => m[1]!);
      if (terms.length > 0) add('definition', terms);
      if (COMMENCES.test(chunk.text)) add('commencement');
      if (PURPOSE.test(chunk.text.trim()) && chunk.article === '第一条') add('purpose');
    }
  }
  byCorpus.set(corpus, { version, found });
  return found;
}

/**
 * The article answering a role question: for a definition, the one defining the longest term the question
 * names; for commencement and purpose, that of the document the question is about (`about`, the best match's).
 */
export function roleArticle(corpus: CorpusIndex, question: string, about: DocRecord | undefined): { docKey: string; article: string; role: ArticleRole } | undefined {
  const role = askedRole(question);
  if (!role) return undefined;
  const articles = roleArticles(corpus).filter((a) => a.role === role && !corpus.isRepealed(a.docKey));
  if (role !== 'definition') return articles.find((a) => a.docKey === about?.key);
  let best: { docKey: string; article: string; length: number } | undefined;
  for (const a of articles) {
    for (const t of a.terms) if (t.length > (best?.length ?? 0) && asksMeaningOf(question, t)) best = { docKey: a.docKey, article: a.article, length: t.length };
  }
  return best && { docKey: best.docKey, article: best.article, role };
}
