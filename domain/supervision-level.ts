import type { Case } from './case.js';
import type { CaseSupervisionLevel, SupervisionLevelChange } from './supervision-types.js';

/**
 * 监管层级 of a case, derived from its facts: nobody's before 登记; the county's (县级) once it is a 重大隐患
 * under 挂牌督办 or escalated to 县局督办; otherwise its town's (乡镇属地).
 */
export function caseSupervisionLevel(c: Pick<Case, 'status' | 'severity' | 'escalatedAt' | 'townId'>): CaseSupervisionLevel | undefined {
  if (c.status === 'reported' || c.status === 'rejected') return undefined;
  if (c.severity === 'major' || c.escalatedAt) return 'county';
  return c.townId ? 'town' : undefined;
}

/**
 * `next` with a 监管层级 change appended when the step that made it (its last history event) moved the
 * level. Every pure step (workflow, 挂牌督办 trail, 自动派单) passes its result through here.
 */
export function withLevelTrail(before: Case, next: Case): Case {
  const from = caseSupervisionLevel(before);
  const to = caseSupervisionLevel(next);
  if (!to || from === to) return next;
  const e = next.history.at(-1);
  const change: SupervisionLevelChange = {
    at: e?.at ?? next.updatedAt,
    ...(from && { from }),
    to,
    action: e?.action ?? 'register',
    actorId: e?.actorId ?? 'system',
    actorRole: e?.actorRole ?? 'system',
    ...(e?.rule && { rule: e.rule }),
  };
  return { ...next, levelHistory: [...(before.levelHistory ?? []), change] };
}

/** The rule of a change, also when a job named it on the event after the step (overdue escalation). */
export const levelChangeRule = (c: Case, change: SupervisionLevelChange): string | undefined =>
  change.rule ?? c.history.find((e) => e.at.getTime() === change.at.getTime() && e.action === change.action)?.rule;
