import type { CorpusIndex } from '../../corpus/corpus-index.js';
import type { RepealClaim } from '../../chunking/doc-metadata.js';
import type { DocRecord } from '../../corpus/records.js';
import type { Citation, Locale } from '../../types.js';
import { articleLabels, articleText, bareTitle, overlap, regulations } from './corpus-view.js';

const squash = (s: string) => s.replace(/[《》\s\u3000]/g, '').replace(/[[（(【]/g, '〔').replace(/[\]）)】]/g, '〕');

export interface RepealCorrection {
  note: string;
  citation: Citation;
  /** The question naming the current document instead, so the answer comes from the text in force. */
  question: string;
}

/** Does the question name this repealed document (by number, by full title, or by a dated/暂行 short name)? */
function names(question: string, claim: RepealClaim): string | undefined {
  const q = squash(question);
  if (claim.docNumber && q.includes(squash(claim.docNumber))) return claim.docNumber;
  const title = bareTitle(claim.title);
  if (q.includes(title)) return title;
  const year = /(19|20)\d{2}/.exec(`${claim.title}${claim.docNumber ?? ''}`)?.[0];
  const dated = (year && q.includes(year)) || (/暂行/.test(claim.title) && q.includes('暂行')) || /旧版|老版|原版|以前的/.test(q);
  return dated && overlap(title, q) >= 0.6 ? title : undefined;
}

function repealClause(corpus: CorpusIndex, doc: DocRecord, claim: RepealClaim): { article: string; text: string } | undefined {
  for (const label of articleLabels(corpus, doc)) {
    const text = articleText(corpus, doc, label);
    if (/废止/.test(text) && (text.includes(bareTitle(claim.title)) || (claim.docNumber && squash(text).includes(squash(claim.docNumber))))) return { article: label, text };
  }
  return undefined;
}

/**
 * A question that names a repealed version (the 2017 判定标准, 总局令第59号) as if it were in force:
 * corrected with the current document's repeal clause, quoted and cited.
 */
export function repealedVersion(question: string, corpus: CorpusIndex, locale: Locale): RepealCorrection | undefined {
  for (const doc of regulations(corpus)) {
    for (const claim of doc.repeals) {
      const named = names(question, claim);
      if (!named) continue;
      const clause = repealClause(corpus, doc, claim);
      const old = `《${claim.title}》${claim.docNumber ? `（${claim.docNumber}）` : ''}`;
      const current = `《${doc.title}》${doc.docNumber ? `（${doc.docNumber}）` : ''}`;
      const quote = clause ? clause.text.replace(/^第.+?条[\s\u3000]*/, '') : '';
      const note =
        locale === 'en'
          ? `Correction: ${old} has been repealed and is not current law. The text in force is ${current}${clause ? `; its ${clause.article} says: “${quote}”` : '.'}`
          : `更正：${old}已经废止，不是现行依据。现行的是${current}${clause ? `，其${clause.article}规定：“${quote}”` : '。'}`;
      const citation: Citation = { docTitle: doc.title, article: clause?.article ?? '', ...(doc.docNumber ? { docNumber: doc.docNumber } : {}), ...(quote ? { quote } : {}) };
      const rewritten = question.replace(/《[^》]*》/g, (t) => (names(t, claim) ? doc.title : t));
      return { note, citation, question: rewritten.includes(doc.title) ? rewritten : `${doc.title} ${question}` };
    }
  }
  return undefined;
}
