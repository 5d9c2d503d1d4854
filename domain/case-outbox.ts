import type { ChatRef, Outbound } from './messages.js';

/**
 * The transactional outbox of case-change pushes (the reporter hears that their report moved).
 *
 * A case change and its pushes cannot be one write: FerretDB 1.24 has no multi-document transactions. So the
 * pushes a change owes are recorded first, keyed to the version the change will write, then the case is written,
 * then they are sent and the record removed. A writer that dies anywhere in between leaves the record, and a sweeper
 * sends it once the case shows that change (`version` reached and its own event in the history) or drops it when the
 * change never landed. Each (case, version, target) is sent once through the jobs' DeliveryLog.
 */
export interface CasePush {
  target: ChatRef;
  messages: Outbound[];
}

export interface CaseChangeIntent {
  /** `<caseId>:<version>:<event time ms>:<actorId>`: two rival writers of one version record two intents. */
  id: string;
  caseId: string;
  /** The version the change writes (the case's version before it, plus one). */
  version: number;
  /** The change's own history event, which tells it from a rival write of the same version. */
  event: { at: Date; actorId: string; action: string };
  pushes: CasePush[];
  recordedAt: Date;
}

export interface CaseOutbox {
  /** Records an intent; recording the same id again changes nothing. */
  put(intent: CaseChangeIntent): Promise<void>;
  remove(id: string): Promise<void>;
  /** Intents recorded before `before`, oldest first. */
  recordedBefore(before: Date, limit: number): Promise<CaseChangeIntent[]>;
}

export const intentId = (caseId: string, version: number, event: CaseChangeIntent['event']): string =>
  `${caseId}:${version}:${event.at.getTime()}:${event.actorId}`;
