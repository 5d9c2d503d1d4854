import type { CaseChangeIntent } from '../domain/case-outbox.js';

/** The transactional outbox of case-change pushes, as the handlers use it (jobs/case-push-outbox.ts implements it). */
export interface CasePushPort {
  /** Before the case write: what the change owes, kept until it is sent. */
  record(intent: CaseChangeIntent): Promise<void>;
  /** The write lost its race (VERSION_CONFLICT) or failed: the change never happened. */
  discard(intent: CaseChangeIntent): Promise<void>;
  /** After the write: sends each push once and forgets the intent; what fails now is left to the sweeper. Never throws. */
  deliver(intent: CaseChangeIntent): Promise<void>;
}
