import type { Case, CaseAction, CaseEvent, CaseStatus, PhotoRef, Severity, Supervision } from './case.js';
import { fiveImplementations } from './case.js';
import { DomainError } from './errors.js';
import type { Actor } from './identity.js';
import { isCountyLevel, isOfficial } from './identity.js';
import { isAssignedExpert, isEnterpriseParty, partyMay } from './parties.js';
import { withLevelTrail } from './supervision-level.js';

/**
 * The statutory closed loop: 上报 → 登记 → 评估 → 整改 → 复核 → 销号, as pure functions.
 * Each returns the next case (version untouched: the store bumps it on a successful compare-and-set).
 */
export type Command =
  | { action: 'register'; townId: string; enterpriseId?: string; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'assess'; severity: Severity; deadline: Date; category?: string; assigneeId?: string; note?: string }
  | { action: 'start_rectification'; note?: string }
  | { action: 'request_review'; afterPhotos: PhotoRef[]; note?: string }
  | { action: 'approve'; note?: string }
  | { action: 'send_back'; reason: string }
  | { action: 'dispute'; photos: PhotoRef[]; note: string }
  | { action: 'extend_deadline'; deadline: Date; reason: string }
  | { action: 'update_supervision'; fields: Partial<Omit<Supervision, 'listedAt' | 'listedBy'>> }
  | { action: 'escalate'; note?: string }
  | { action: 'confirm_cleared'; note?: string };

/** Which status an action starts from. `update_supervision`, `extend_deadline` and `escalate` keep the status. */
const from: Record<Exclude<CaseAction, 'report'>, readonly CaseStatus[]> = {
  register: ['reported'],
  reject: ['reported'],
  assess: ['registered'],
  start_rectification: ['assessed'],
  request_review: ['rectifying'],
  approve: ['review_requested'],
  send_back: ['review_requested'],
  dispute: ['closed'],
  extend_deadline: ['assessed', 'rectifying'],
  update_supervision: ['assessed', 'rectifying', 'review_requested'],
  escalate: ['assessed', 'rectifying', 'review_requested'],
  confirm_cleared: ['reported', 'registered', 'assessed', 'rectifying', 'review_requested'],
};

/** Anyone may dispute a closed case with a new photo; everything else is for officials. */
const openToAnyone: ReadonlySet<CaseAction> = new Set(['dispute']);

/** The actions an actor may attempt on a case now; a UI offers these as choices. */
export function availableActions(c: Case, actor: Actor): Exclude<CaseAction, 'report'>[] {
  if (!canSee(c, actor)) return [];
  return (Object.keys(from) as Exclude<CaseAction, 'report'>[]).filter((a) => {
    if (!from[a].includes(c.status)) return false;
    if (!openToAnyone.has(a) && !isOfficial(actor) && !partyMay(c, actor, a)) return false;
    if (a === 'update_supervision' && c.severity !== 'major') return false;
    if (blockedReason(c, actor, a)) return false;
    if (a === 'escalate' && c.escalatedAt) return false;
    if (a === 'confirm_cleared' && !c.alert?.clearedAt) return false;
    return true;
  });
}

export type BlockedReason = 'REVIEWER_IS_ASSESSOR' | 'MAJOR_CLOSE_REQUIRES_COUNTY' | 'SUPERVISION_INCOMPLETE' | 'ACCEPTANCE_REQUIRED';

/**
 * Why an action the case's status allows is still not for this actor now: a UI does not offer it and,
 * where it helps, says why (e.g. 复核须由评估人以外的人员进行).
 */
export function blockedReason(c: Case, actor: Actor, a: Exclude<CaseAction, 'report'>): BlockedReason | undefined {
  if (a !== 'approve') return undefined;
  if (c.assessorId === actor.id) return 'REVIEWER_IS_ASSESSOR';
  if (c.severity !== 'major') return undefined;
  if (!isCountyLevel(actor)) return 'MAJOR_CLOSE_REQUIRES_COUNTY';
  if (missingSupervisionFields(c.supervision).length > 0) return 'SUPERVISION_INCOMPLETE';
  return c.acceptance ? undefined : 'ACCEPTANCE_REQUIRED';
}

/** The actions this actor would have now but for a rule, with the rule: shown beside the offered ones. */
export function unavailableActions(c: Case, actor: Actor): Array<{ action: Exclude<CaseAction, 'report'>; reason: BlockedReason }> {
  if (!canSee(c, actor)) return [];
  return (Object.keys(from) as Exclude<CaseAction, 'report'>[]).flatMap((a) => {
    if (!from[a].includes(c.status) || (!isOfficial(actor) && !partyMay(c, actor, a))) return [];
    const reason = blockedReason(c, actor, a);
    return reason ? [{ action: a, reason }] : [];
  });
}

/**
 * Town officials see their own town only; county and admins see all; an enterprise account and an assigned
 * expert see the enterprise's cases but never a tip about it; workers see what they reported.
 */
export function canSee(c: Case, actor: Actor): boolean {
  if (isCountyLevel(actor)) return true;
  if (actor.role === 'town_official') return c.townId !== undefined && c.townId === actor.townId;
  if (isEnterpriseParty(c, actor) || isAssignedExpert(c, actor)) return true;
  return c.reporterId === actor.id && c.source !== 'anonymous_tip';
}

function authorize(c: Case, actor: Actor, action: CaseAction): void {
  if (openToAnyone.has(action)) return;
  if (!isOfficial(actor)) {
    if (partyMay(c, actor, action)) return;
    throw new DomainError('FORBIDDEN', `${actor.role} may not ${action}`);
  }
  if (actor.role === 'town_official') {
    if (c.townId !== undefined && c.townId !== actor.townId) {
      throw new DomainError('WRONG_TOWN', `case ${c.number} belongs to another town`);
    }
  }
}

const required = (v: string | undefined, code: 'REASON_REQUIRED', what: string): string => {
  const t = v?.trim();
  if (!t) throw new DomainError(code, `${what} is required`);
  return t;
};

export function applyCommand(c: Case, cmd: Command, actor: Actor, now: Date): Case {
  const allowed = from[cmd.action];
  if (!allowed.includes(c.status)) {
    throw new DomainError('INVALID_TRANSITION', `cannot ${cmd.action} a case that is ${c.status}`, {
      action: cmd.action,
      status: c.status,
    });
  }
  authorize(c, actor, cmd.action);

  const event = (to: CaseStatus, extra: Partial<CaseEvent> = {}): CaseEvent => ({
    at: now,
    actorId: actor.id,
    actorRole: actor.role,
    action: cmd.action,
    from: c.status,
    to,
    ...extra,
  });
  const next = (to: CaseStatus, patch: Partial<Case>, extra?: Partial<CaseEvent>): Case =>
    withLevelTrail(c, {
      ...c,
      ...patch,
      status: to,
      updatedAt: now,
      history: [...c.history, event(to, extra)],
    });

  switch (cmd.action) {
    case 'register': {
      if (!cmd.townId) throw new DomainError('TOWN_REQUIRED', 'a town must be assigned at registration');
      if (actor.role === 'town_official' && cmd.townId !== actor.townId) {
        throw new DomainError('WRONG_TOWN', 'a town official registers cases for their own town only');
      }
      return next(
        'registered',
        // A person registering confirms (or corrects) an automatic placement.
        { townId: cmd.townId, enterpriseId: cmd.enterpriseId ?? c.enterpriseId, dispatch: c.dispatch && { ...c.dispatch, needsConfirmation: false } },
        { note: cmd.note },
      );
    }
    case 'reject': {
      const reason = required(cmd.reason, 'REASON_REQUIRED', 'a rejection reason');
      return next('rejected', { rejectReason: reason }, { note: reason });
    }
    case 'assess': {
      if (!cmd.severity) throw new DomainError('SEVERITY_REQUIRED', 'severity (一般/重大) is required');
      if (!(cmd.deadline instanceof Date) || Number.isNaN(cmd.deadline.getTime())) {
        throw new DomainError('DEADLINE_REQUIRED', 'a rectification deadline is required');
      }
      if (cmd.deadline.getTime() <= now.getTime()) {
        throw new DomainError('DEADLINE_IN_PAST', 'the rectification deadline must be in the future');
      }
      const supervision: Supervision | undefined =
        cmd.severity === 'major' ? (c.supervision ?? { listedAt: now, listedBy: actor.id, filed: false }) : undefined;
      return next(
        'assessed',
        {
          severity: cmd.severity,
          deadline: cmd.deadline,
          category: cmd.category ?? c.category,
          assessorId: actor.id,
          assigneeId: cmd.assigneeId ?? c.assigneeId,
          supervision,
        },
        { note: cmd.note },
      );
    }
    case 'start_rectification':
      return next('rectifying', {}, { note: cmd.note });
    case 'request_review': {
      if (cmd.afterPhotos.length === 0) {
        throw new DomainError('AFTER_PHOTO_REQUIRED', 'a photo of the rectified site is required to request review');
      }
      return next(
        'review_requested',
        { afterPhotos: [...c.afterPhotos, ...cmd.afterPhotos] },
        { note: cmd.note, evidence: cmd.afterPhotos },
      );
    }
    case 'approve': {
      if (c.assessorId === actor.id) {
        throw new DomainError('REVIEWER_IS_ASSESSOR', 'the reviewer must not be the official who assessed the case');
      }
      if (c.afterPhotos.length === 0) {
        throw new DomainError('AFTER_PHOTO_REQUIRED', 'a case cannot be closed without an after-photo');
      }
      if (c.severity === 'major') {
        if (!isCountyLevel(actor)) {
          throw new DomainError('MAJOR_CLOSE_REQUIRES_COUNTY', 'a major hazard is closed by the county bureau');
        }
        const missing = missingSupervisionFields(c.supervision);
        if (missing.length > 0) {
          throw new DomainError('SUPERVISION_INCOMPLETE', `挂牌督办 fields missing: ${missing.join(', ')}`, {
            missing,
          });
        }
        if (!c.acceptance) throw new DomainError('ACCEPTANCE_REQUIRED', 'a major hazard is closed after the county records its 验收');
      }
      return next('closed', { closedAt: now }, { note: cmd.note });
    }
    case 'send_back': {
      const reason = required(cmd.reason, 'REASON_REQUIRED', 'a reason for sending back');
      // A 验收 recorded before the case went back no longer holds.
      return next('rectifying', { acceptance: undefined }, { note: reason });
    }
    case 'dispute': {
      if (cmd.photos.length === 0) {
        throw new DomainError('DISPUTE_PHOTO_REQUIRED', 'a dispute must carry a new photo');
      }
      const note = required(cmd.note, 'REASON_REQUIRED', 'a description of the dispute');
      return next(
        'registered',
        { closedAt: undefined, beforePhotos: [...c.beforePhotos, ...cmd.photos], escalatedAt: undefined },
        { note, evidence: cmd.photos },
      );
    }
    case 'extend_deadline': {
      const reason = required(cmd.reason, 'REASON_REQUIRED', 'a reason for the new deadline');
      if (cmd.deadline.getTime() <= now.getTime()) {
        throw new DomainError('DEADLINE_IN_PAST', 'the new deadline must be in the future');
      }
      return next(c.status, { deadline: cmd.deadline, escalatedAt: undefined }, { note: reason });
    }
    case 'update_supervision': {
      if (c.severity !== 'major' || !c.supervision) {
        throw new DomainError('NOT_MAJOR', '挂牌督办 applies to major hazards only');
      }
      const fields = Object.fromEntries(
        Object.entries(cmd.fields).map(([k, v]) => [k, typeof v === 'string' ? v.trim() || undefined : v]),
      );
      return next(c.status, { supervision: { ...c.supervision, ...fields } }, { changed: Object.keys(fields) });
    }
    case 'escalate':
      return next(c.status, { escalatedAt: now }, { note: cmd.note });
    case 'confirm_cleared': {
      // Only the device's own "cleared" report opens this door; any other case closes through review.
      if (c.source !== 'ai_alert' || !c.alert?.clearedAt) {
        throw new DomainError('INVALID_TRANSITION', 'only an AI alert whose device reported it cleared can be confirmed closed', {
          action: cmd.action,
          status: c.status,
        });
      }
      return next('closed', { closedAt: now }, { note: cmd.note });
    }
  }
}

export function missingSupervisionFields(s: Supervision | undefined): string[] {
  if (!s) return [...fiveImplementations, 'filed'];
  const missing: string[] = fiveImplementations.filter((k) => !s[k]?.trim());
  if (!s.filed) missing.push('filed');
  return missing;
}

export interface NewReport {
  id: string;
  /** Left out for a case that CaseRepo.insertNumbered will number. */
  number?: string;
  source: Case['source'];
  description: string;
  enterpriseId?: string;
  enterpriseName?: string;
  townId?: string;
  photos: PhotoRef[];
  location?: Case['location'];
  category?: string;
  reporterId?: string;
}

export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 2000;

/** A new case in 上报. Anonymous tips carry no reporter. */
export function newCase(r: NewReport, actor: { id: string; role: string }, now: Date): Case {
  const description = r.description.trim();
  if (description.length < 5 || description.length > MAX_DESCRIPTION) {
    throw new DomainError('INVALID_INPUT', 'description must be 5 to 2000 characters', { field: 'description' });
  }
  if (r.photos.length > MAX_PHOTOS) throw new DomainError('TOO_MANY_PHOTOS', `at most ${MAX_PHOTOS} photos`);
  return {
    id: r.id,
    number: r.number ?? '',
    source: r.source,
    status: 'reported',
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    townId: r.townId,
    description,
    category: r.category,
    beforePhotos: r.photos,
    afterPhotos: [],
    location: r.location,
    reporterId: r.reporterId,
    createdAt: now,
    updatedAt: now,
    version: 0,
    history: [{ at: now, actorId: actor.id, actorRole: actor.role, action: 'report', from: null, to: 'reported' }],
  };
}
