import type { Case, CaseAction } from './case.js';
import type { Actor } from './identity.js';

/**
 * The enterprise's and the expert's part in the loop (企业自查、专家服务、部门监管). Neither ever sees an
 * anonymous tip about the enterprise: a tip's case is the officials' alone.
 */
export const isEnterpriseParty = (c: Pick<Case, 'enterpriseId' | 'source'>, a: Actor): boolean =>
  a.role === 'enterprise' && !!a.enterpriseId && c.enterpriseId === a.enterpriseId && c.source !== 'anonymous_tip';

export const isAssignedExpert = (c: Pick<Case, 'enterpriseId' | 'source'>, a: Actor): boolean =>
  a.role === 'expert' && !!c.enterpriseId && (a.enterpriseIds ?? []).includes(c.enterpriseId) && c.source !== 'anonymous_tip';

/**
 * Workflow steps a non-official party may take: the enterprise rectifies and asks for review; the expert
 * reviews (复核) their own service findings, except a major hazard, which the county closes.
 */
export function partyMay(c: Case, a: Actor, action: CaseAction): boolean {
  if (isEnterpriseParty(c, a)) return action === 'start_rectification' || action === 'request_review';
  if (isAssignedExpert(c, a)) return c.source === 'expert_service' && c.severity !== 'major' && (action === 'approve' || action === 'send_back');
  return false;
}
