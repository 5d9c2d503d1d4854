import { isOverdue, type Case } from '../../domain/index.js';
import { dayOf, daysBetween } from '../time.js';

/** Both documents, as titled paragraphs: the .docx and the chat text are built from the same facts. */
export interface DocumentText {
  issuer: string;
  title: string;
  docNumber: string;
  addressee: string;
  paragraphs: string[];
  /** 一、二、… */
  requirements: string[];
  contact?: string;
  signature: string;
  date: string;
}

export interface DocumentFacts {
  case: Case;
  townName?: string;
  enterpriseName?: string;
  now: Date;
}

export const cnDate = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const cnNumbers = ['一', '二', '三', '四', '五', '六', '七', '八'];
export const numbered = (items: string[]): string[] => items.map((r, k) => `${cnNumbers[k] ?? k + 1}、${r}`);

/** Whole days past the deadline, and only while the case is open and past it; otherwise undefined. */
export function daysOverdue(c: Case, now: Date): number | undefined {
  if (!c.deadline || !isOverdue(c, now)) return undefined;
  const days = daysBetween(dayOf(c.deadline), dayOf(now));
  return days > 0 ? days : undefined;
}

/** Where the case stands as of `now`, stated only as far as it is true. */
export function standing(c: Case, now: Date): string {
  const today = cnDate(dayOf(now));
  if (c.status === 'closed') return `该隐患已于${cnDate(dayOf(c.closedAt ?? c.updatedAt))}整改完成并销号。`;
  const late = daysOverdue(c, now);
  if (late !== undefined) return `截至${today}，已逾期${late}天，仍未完成整改。`;
  if (c.deadline) return `截至${today}，整改期限尚未届满，请按期完成整改。`;
  return `截至${today}，尚未确定整改期限。`;
}

export const enterpriseOf = (f: DocumentFacts): string => f.enterpriseName ?? f.case.enterpriseName ?? '（企业名称）';
export const gradeOf = (c: Case): string => (c.severity === 'major' ? '重大事故隐患' : '一般事故隐患');

/** Plain text for a chat: no Markdown, since chats show it as typed. */
export function asPlainText(d: DocumentText): string {
  return [
    d.issuer,
    d.title,
    d.docNumber,
    '',
    `${d.addressee}：`,
    ...d.paragraphs,
    ...numbered(d.requirements),
    '',
    ...(d.contact ? [d.contact] : []),
    d.signature,
    d.date,
  ].join('\n');
}
