import type { Case } from '../domain/index.js';

/** What the conversations and the dashboard need from the documents (jobs/documents implements it). */
export interface DocumentPort {
  /** The next 文号 from its atomic counter and the configured pattern, e.g. 泽应急督〔2026〕3号. */
  nextNoticeNumber(now: Date): Promise<string>;
  /** The 重大事故隐患挂牌督办通知书 as .docx bytes, and the same facts as plain text for a chat. */
  supervisionNotice(c: Case, docNumber: string, now: Date): Promise<{ docx: Uint8Array; text: string }>;
  /** The 督办函 of an overdue (or escalated) case as .docx bytes, and as plain text. */
  overdueLetter(c: Case, now: Date): Promise<{ docx: Uint8Array; text: string }>;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
