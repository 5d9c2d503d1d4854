import type { ChatRef, Choice, Outbound } from './messages.js';
import type { NotificationKind } from './notifications.js';

/**
 * The transactional outbox of case-change pushes (the reporter hears that their report moved) and of the personal
 * notices a change owes officials and enterprises (a review requested, a 督办 notice acknowledged, an extension).
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

/** A personal notice (handlers/notify.ts `notifyPeople`), its words rendered when recorded. */
export interface CaseNotice {
  kind: NotificationKind;
  /** Stable per event: each person is told once however often the notice is delivered. */
  eventKey: string;
  caseNumber?: string;
  urgent?: boolean;
  text: string;
  choices?: Choice[][];
  /** Identity ids. */
  people: string[];
  /** The chat the change was made in: not pushed to. */
  exceptChat?: ChatRef;
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
  notices?: CaseNotice[];
  /**
   * The change moved an anonymous tip's status: its tipster may be owed a notice, which only the tip service can
   * send (from the contact it keeps sealed; the outbox never holds it). Sending it again is a no-op there.
   */
  tipMoved?: boolean;
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
