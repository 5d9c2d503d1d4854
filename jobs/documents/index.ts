import type { CaseRepo, EnterpriseRepo, TownRepo } from '../../domain/index.js';
import type { DocumentPort } from '../../handlers/document-port.js';
import { asPlainText, type DocumentFacts, type DocumentText } from './facts.js';
import { overdueLetterText } from './letter.js';
import { supervisionNoticeText } from './notice.js';

export { overdueLetterText } from './letter.js';
export { supervisionNoticeText } from './notice.js';
export { asPlainText, daysOverdue, standing } from './facts.js';

// The `docx` package (a megabyte of code) loads with the first document, not at start.
const toDocx = async (d: DocumentText) => (await import('./docx.js')).toDocx(d);

export interface DocumentsDeps {
  cases: Pick<CaseRepo, 'nextSequence'>;
  towns: TownRepo;
  enterprises: EnterpriseRepo;
  /** 文号 pattern with {year} and {n}, e.g. 泽应急督〔{year}〕{n}号 (SUPERVISION_DOC_PATTERN). */
  noticePattern: string;
}

export const DEFAULT_NOTICE_PATTERN = '泽应急督〔{year}〕{n}号';

/** The 文号 counter is the cases' atomic per-(prefix, year) sequence under its own prefix. */
const COUNTER_PREFIX = 'doc:supervision-notice';

const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();

export function formatDocNumber(pattern: string, year: number, n: number): string {
  return pattern.replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

export function createDocuments(deps: DocumentsDeps): DocumentPort {
  async function facts(c: DocumentFacts['case'], now: Date): Promise<DocumentFacts> {
    const [town, enterprise] = await Promise.all([
      c.townId ? deps.towns.get(c.townId) : null,
      c.enterpriseId ? deps.enterprises.get(c.enterpriseId) : null,
    ]);
    return { case: c, now, townName: town?.name, enterpriseName: enterprise?.name };
  }
  return {
    async nextNoticeNumber(now) {
      const year = shanghaiYear(now);
      return formatDocNumber(deps.noticePattern, year, await deps.cases.nextSequence(COUNTER_PREFIX, year));
    },
    async supervisionNotice(c, docNumber, now) {
      const d = supervisionNoticeText({ ...(await facts(c, now)), docNumber });
      return { docx: await toDocx(d), text: asPlainText(d) };
    },
    async overdueLetter(c, now) {
      const d = overdueLetterText(await facts(c, now));
      return { docx: await toDocx(d), text: asPlainText(d) };
    },
  };
}
