import type { Case } from '../domain/index.js';
import { asPlainText } from './documents/facts.js';
import { overdueLetterText } from './documents/letter.js';

export interface SupervisionLetterInput {
  case: Case;
  townName?: string;
  enterpriseName?: string;
  now: Date;
  /** Days the recipient gets to finish rectification after receiving the letter. */
  replyWithinDays?: number;
}

/**
 * 督办函 draft as plain text for a chat (the .docx comes from jobs/documents). It states days overdue only
 * when the case is open and past its deadline; the 文号 is left blank for the county official who issues it.
 */
export function supervisionLetter(i: SupervisionLetterInput): string {
  return asPlainText(overdueLetterText(i));
}
