import type { Case, CaseEvent, PhotoRef } from './case.js';
import { DomainError } from './errors.js';
import type { Actor } from './identity.js';
import { isCountyLevel, isOfficial } from './identity.js';
import { isEnterpriseParty } from './parties.js';
import { withLevelTrail } from './supervision-level.js';
import type { ExtensionRequest, SupervisionAction } from './supervision-types.js';

/**
 * The 挂牌督办 trail as pure functions, like the workflow: each returns the next case with one event on
 * its history; the store bumps the version on a successful compare-and-set.
 */
export type SupervisionCommand =
  | { action: 'issue_notice'; docNumber: string; documentId?: string }
  | { action: 'serve_notice'; via: string[] }
  | { action: 'acknowledge_notice'; receipt?: { signer: string; photos: PhotoRef[] } }
  | { action: 'request_extension'; id: string; deadline: Date; reason: string; attachments: PhotoRef[] }
  | { action: 'decide_extension'; id: string; approve: boolean; reason: string; /** Approve to another date than asked. */ deadline?: Date }
  | { action: 'record_acceptance'; opinion: string; photos: PhotoRef[] };

const running = ['assessed', 'rectifying', 'review_requested'] as const;
const isRunning = (c: Case) => (running as readonly string[]).includes(c.status);
const pendingExtension = (c: Case): ExtensionRequest | undefined => c.extensions?.find((x) => !x.decision);
const ownTownOrCounty = (c: Case, a: Actor) => isCountyLevel(a) || (a.role === 'town_official' && !!c.townId && a.townId === c.townId);

/** Why each trail action is not open to this actor now (absent: open). */
function blocked(c: Case, a: Actor, action: SupervisionAction): string | undefined {
  const major = c.severity === 'major' && !!c.supervision;
  switch (action) {
    case 'issue_notice':
      if (!major || !isRunning(c) || c.notice) return 'INVALID_TRANSITION';
      return isCountyLevel(a) ? undefined : 'FORBIDDEN';
    case 'serve_notice':
      if (!c.notice || c.notice.acknowledgedAt || !isRunning(c)) return 'INVALID_TRANSITION';
      return isCountyLevel(a) ? undefined : 'FORBIDDEN';
    case 'acknowledge_notice':
      if (!c.notice || c.notice.acknowledgedAt) return 'INVALID_TRANSITION';
      if (!isEnterpriseParty(c, a)) return 'FORBIDDEN';
      return c.notice.servedAt ? undefined : 'NOTICE_NOT_SERVED';
    case 'request_extension':
      if (!c.deadline || (c.status !== 'assessed' && c.status !== 'rectifying')) return 'INVALID_TRANSITION';
      if (!isEnterpriseParty(c, a)) return 'FORBIDDEN';
      return pendingExtension(c) ? 'EXTENSION_PENDING' : undefined;
    case 'decide_extension':
      if (!pendingExtension(c) || !isRunning(c)) return 'INVALID_TRANSITION';
      return isOfficial(a) && ownTownOrCounty(c, a) ? undefined : 'FORBIDDEN';
    case 'record_acceptance':
      if (!major || c.status !== 'review_requested' || c.acceptance) return 'INVALID_TRANSITION';
      return isCountyLevel(a) ? undefined : 'MAJOR_CLOSE_REQUIRES_COUNTY';
  }
}

/**
 * A 签收 on paper: the notice went out (in person or by chat) and the enterprise signed the 送达回证; the
 * county, which issues and serves notices, records it with the signer's name and the 回证's photo.
 */
function receiptBlocked(c: Case, a: Actor): string | undefined {
  if (!c.notice || c.notice.acknowledgedAt) return 'INVALID_TRANSITION';
  if (!isCountyLevel(a)) return 'FORBIDDEN';
  return c.notice.servedAt ? undefined : 'NOTICE_NOT_SERVED';
}

/** Whether this official may record the enterprise's paper 签收 now. */
export const mayRecordReceipt = (c: Case, a: Actor): boolean => !receiptBlocked(c, a);

const trailActions: SupervisionAction[] = ['issue_notice', 'serve_notice', 'acknowledge_notice', 'request_extension', 'decide_extension', 'record_acceptance'];

/** The trail actions this actor may take now; a UI offers exactly these. */
export const availableTrailActions = (c: Case, a: Actor): SupervisionAction[] => trailActions.filter((x) => !blocked(c, a, x));

const text = (v: string | undefined, code: 'REASON_REQUIRED' | 'OPINION_REQUIRED', what: string): string => {
  const t = v?.trim();
  if (!t) throw new DomainError(code, `${what} is required`);
  if (t.length > 1000) throw new DomainError('INVALID_INPUT', `${what} is too long`, { field: code === 'OPINION_REQUIRED' ? 'opinion' : 'reason' });
  return t;
};

export function applySupervision(c: Case, cmd: SupervisionCommand, a: Actor, now: Date): Case {
  const why = cmd.action === 'acknowledge_notice' && cmd.receipt ? receiptBlocked(c, a) : blocked(c, a, cmd.action);
  if (why) {
    const code = why as 'INVALID_TRANSITION' | 'FORBIDDEN' | 'NOTICE_NOT_SERVED' | 'EXTENSION_PENDING' | 'MAJOR_CLOSE_REQUIRES_COUNTY';
    throw new DomainError(code, `cannot ${cmd.action} case ${c.number} (${c.status})`, { action: cmd.action, status: c.status });
  }
  const event = (extra: Partial<CaseEvent> = {}): CaseEvent => ({ at: now, actorId: a.id, actorRole: a.role, action: cmd.action, from: c.status, to: c.status, ...extra });
  const next = (patch: Partial<Case>, extra?: Partial<CaseEvent>): Case =>
    withLevelTrail(c, { ...c, ...patch, updatedAt: now, history: [...c.history, event(extra)] });

  switch (cmd.action) {
    case 'issue_notice':
      if (!cmd.docNumber.trim()) throw new DomainError('INVALID_INPUT', 'a 文号 is required', { field: 'docNumber' });
      return next(
        { notice: { docNumber: cmd.docNumber, issuedAt: now, issuedBy: a.id, ...(cmd.documentId && { documentId: cmd.documentId }) } },
        { note: cmd.docNumber },
      );
    case 'serve_notice':
      if (cmd.via.length === 0) throw new DomainError('NOTICE_NOT_SERVED', 'the enterprise has no bound chat to serve the notice on');
      return next({ notice: { ...c.notice!, servedAt: now, servedVia: [...new Set(cmd.via)], servedBy: a.id } }, { note: c.notice!.docNumber });
    case 'acknowledge_notice': {
      if (!cmd.receipt) return next({ notice: { ...c.notice!, acknowledgedAt: now, acknowledgedBy: a.id } }, { note: c.notice!.docNumber });
      const signer = cmd.receipt.signer.trim();
      if (!signer || signer.length > 50) throw new DomainError('INVALID_INPUT', 'the signer of the 送达回证 is required', { field: 'signer' });
      if (cmd.receipt.photos.length === 0) throw new DomainError('ATTACHMENT_REQUIRED', 'a paper 签收 needs the photo of the signed 送达回证');
      const photos = cmd.receipt.photos.map(({ id, mime, bytes }) => ({ id, mime, bytes }));
      return next(
        { notice: { ...c.notice!, acknowledgedAt: now, acknowledgedBy: a.id, receipt: { signer, recordedBy: a.id, photos } } },
        { note: `${c.notice!.docNumber} ${signer}`, evidence: cmd.receipt.photos },
      );
    }
    case 'request_extension': {
      const reason = text(cmd.reason, 'REASON_REQUIRED', 'a reason for the extension');
      if (cmd.attachments.length === 0) throw new DomainError('ATTACHMENT_REQUIRED', 'an extension request needs an attachment');
      if (!(cmd.deadline instanceof Date) || Number.isNaN(cmd.deadline.getTime()) || cmd.deadline.getTime() <= Math.max(now.getTime(), c.deadline!.getTime())) {
        throw new DomainError('DEADLINE_IN_PAST', 'the deadline asked for must be later than the current one');
      }
      const request: ExtensionRequest = {
        id: cmd.id,
        requestedAt: now,
        requestedBy: a.id,
        reason,
        deadline: cmd.deadline,
        previousDeadline: c.deadline,
        attachments: cmd.attachments.map(({ id, mime, bytes }) => ({ id, mime, bytes })),
      };
      return next({ extensions: [...(c.extensions ?? []), request] }, { note: reason, evidence: cmd.attachments });
    }
    case 'decide_extension': {
      const pending = pendingExtension(c)!;
      if (pending.id !== cmd.id) throw new DomainError('INVALID_TRANSITION', 'this extension request was already decided', { action: cmd.action, status: c.status });
      const reason = text(cmd.reason, 'REASON_REQUIRED', 'a reason for the decision');
      const granted = cmd.approve && cmd.deadline && cmd.deadline.getTime() !== pending.deadline.getTime() ? cmd.deadline : undefined;
      if (granted && (Number.isNaN(granted.getTime()) || granted.getTime() <= Math.max(now.getTime(), c.deadline?.getTime() ?? 0))) {
        throw new DomainError('DEADLINE_IN_PAST', 'the granted deadline must be later than the current one');
      }
      const decided: ExtensionRequest = {
        ...pending, decision: cmd.approve ? 'approved' : 'refused', decidedAt: now, decidedBy: a.id, decisionReason: reason, ...(granted && { grantedDeadline: granted }),
      };
      const extensions = (c.extensions ?? []).map((x) => (x.id === pending.id ? decided : x));
      // An approved extension moves the deadline like extend_deadline: the escalation starts over.
      const patch: Partial<Case> = cmd.approve ? { extensions, deadline: granted ?? pending.deadline, escalatedAt: undefined } : { extensions };
      return next(patch, { note: reason, rule: cmd.approve ? 'extension_approved' : 'extension_refused' });
    }
    case 'record_acceptance': {
      const opinion = text(cmd.opinion, 'OPINION_REQUIRED', 'an acceptance opinion');
      return next(
        { acceptance: { at: now, by: a.id, ...(a.name && { byName: a.name }), opinion, photos: cmd.photos.map(({ id, mime, bytes }) => ({ id, mime, bytes })) } },
        { note: opinion, evidence: cmd.photos.length ? cmd.photos : undefined },
      );
    }
  }
}
