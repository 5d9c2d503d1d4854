import { applyDispatch, decideDispatch, matchEnterprise, nameCore, typedCreditCode } from '../domain/index.js';
import type { Case, DispatchDecision, EnterpriseMatch, EnterpriseRepo, MatchInput, TownRepo } from '../domain/index.js';

/**
 * 自动派单 as a use case: find the enterprise a report names, decide where the case goes
 * (domain/dispatch.ts) and apply it. Reports, tips and machine alerts all come through here.
 */

/** The registered enterprise the input names, if exactly one fits (poster QR, credit code, name or alias). */
export async function findEnterprise(enterprises: EnterpriseRepo, input: MatchInput): Promise<EnterpriseMatch | undefined> {
  const candidates = [];
  if (input.posterEnterpriseId) {
    const e = await enterprises.get(input.posterEnterpriseId);
    if (e) candidates.push(e);
  }
  const code = typedCreditCode(input.typed);
  if (code) {
    const e = await enterprises.getByCreditCode(code);
    if (e) candidates.push(e);
  } else if (input.typed?.trim()) {
    // The typed text may be longer than the registered name (福盛钢铁厂) or shorter (福盛钢铁): ask for both.
    const core = nameCore(input.typed);
    const found = await Promise.all([enterprises.search(input.typed, 10), core.length >= 2 ? enterprises.search(core, 10) : []]);
    candidates.push(...found.flat());
  }
  const unique = [...new Map(candidates.map((e) => [e.id, e])).values()];
  return matchEnterprise(input, unique);
}

export interface DispatchRequest extends MatchInput {
  /** The town of the QR poster (H5 tip form) the report came from. */
  posterTownId?: string;
  /** Set when the reporter already chose a registered enterprise in the dialog (with the rule that found it). */
  chosen?: EnterpriseMatch;
}

/** Decides where a case just reported goes. Towns without a centre cannot receive located reports. */
export async function decideFor(deps: { enterprises: EnterpriseRepo; towns: TownRepo }, c: Case, req: DispatchRequest): Promise<DispatchDecision> {
  const match = req.chosen ?? (await findEnterprise(deps.enterprises, req));
  const towns = (await deps.towns.list()).flatMap((t) => (t.centre ? [{ id: t.id, ...t.centre }] : []));
  return decideDispatch({ match, location: c.location, posterTownId: req.posterTownId }, towns);
}

/** The case as dispatched (registered by the system when an enterprise matched); not yet stored. */
export async function dispatchCase(
  deps: { enterprises: EnterpriseRepo; towns: TownRepo },
  c: Case,
  req: DispatchRequest,
  now: Date,
): Promise<{ case: Case; decision: DispatchDecision }> {
  const decision = await decideFor(deps, c, req);
  const named = decision.enterpriseId && req.chosen?.enterprise.id !== decision.enterpriseId ? await deps.enterprises.get(decision.enterpriseId) : null;
  const placed = applyDispatch(c, decision, now);
  return { case: named ? { ...placed, enterpriseName: named.name } : placed, decision };
}
