import type { Case, GeoPoint } from './case.js';
import type { CaseDispatch, DispatchRule } from './dispatch-types.js';
import type { EnterpriseMatch } from './enterprise-match.js';
import { DomainError } from './errors.js';
import { withLevelTrail } from './supervision-level.js';

export type { CaseDispatch, DispatchRule } from './dispatch-types.js';
export { dispatchRules } from './dispatch-types.js';

/**
 * 任务自动派单 (notice item 24): where a new case goes, as a pure decision.
 *  1. It names a registered enterprise → that enterprise's town, registered at once by the system.
 *  2. It carries a location inside the county → the town whose area holds it (nearest town centre),
 *     left in 上报 and flagged for the town to confirm, since the areas are approximate.
 *  3. It came from a town's QR poster → that town, flagged likewise.
 *  4. Anything else → the county duty queue (no town), where the county officials on duty pick it up.
 */
export interface TownCentre {
  id: string;
  lat: number;
  lng: number;
}

export interface DispatchInput {
  match?: EnterpriseMatch;
  location?: Pick<GeoPoint, 'lat' | 'lng'>;
  /** The town of the QR poster (H5 tip form) the report came from. */
  posterTownId?: string;
}

export interface DispatchDecision {
  rule: DispatchRule;
  townId?: string;
  enterpriseId?: string;
  /** Register now, as the system: only when a registered enterprise was matched. */
  autoRegister: boolean;
  needsConfirmation: boolean;
  distanceKm?: number;
}

/**
 * The county's extent with a margin. Outside it a point is not placed: a phone's location far away
 * means the reporter is elsewhere, and the duty officials decide.
 */
export const countyBounds = { minLat: 35.15, maxLat: 35.8, minLng: 112.45, maxLng: 113.3 } as const;
/** A point farther than this from every town centre is not placed either. */
export const maxTownDistanceKm = 15;

/** Great-circle distance (haversine, mean Earth radius). */
export function distanceKm(a: Pick<GeoPoint, 'lat' | 'lng'>, b: Pick<GeoPoint, 'lat' | 'lng'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The town whose area holds the point. Areas are the nearest-centre (Voronoi) cells of the town centres
 * within the county: with centres only, "contains" and "nearest centre" are the same rule.
 */
export function townAt(p: Pick<GeoPoint, 'lat' | 'lng'>, towns: readonly TownCentre[]): { townId: string; distanceKm: number } | undefined {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng)) return undefined;
  const b = countyBounds;
  if (p.lat < b.minLat || p.lat > b.maxLat || p.lng < b.minLng || p.lng > b.maxLng) return undefined;
  let best: { townId: string; distanceKm: number } | undefined;
  for (const t of towns) {
    const d = distanceKm(p, t);
    if (!best || d < best.distanceKm || (d === best.distanceKm && t.id < best.townId)) best = { townId: t.id, distanceKm: d };
  }
  return best && best.distanceKm <= maxTownDistanceKm ? best : undefined;
}

export function decideDispatch(input: DispatchInput, towns: readonly TownCentre[]): DispatchDecision {
  if (input.match) {
    return {
      rule: `enterprise_${input.match.rule}`,
      townId: input.match.enterprise.townId,
      enterpriseId: input.match.enterprise.id,
      autoRegister: true,
      needsConfirmation: false,
    };
  }
  const placed = input.location && townAt(input.location, towns);
  if (placed) {
    return {
      rule: 'location_town_area',
      townId: placed.townId,
      autoRegister: false,
      needsConfirmation: true,
      distanceKm: Math.round(placed.distanceKm * 10) / 10,
    };
  }
  if (input.posterTownId) return { rule: 'poster_town', townId: input.posterTownId, autoRegister: false, needsConfirmation: true };
  return { rule: 'county_duty', autoRegister: false, needsConfirmation: false };
}

/** The system actor of automatic steps: the case history names it and the rule instead of a person. */
export const SYSTEM_ACTOR_ID = 'system';

/**
 * Applies a decision to a case just reported: records the dispatch and, for a matched enterprise, the
 * 登记 by the system with the rule named on the event.
 */
export function applyDispatch(c: Case, d: DispatchDecision, now: Date): Case {
  if (c.status !== 'reported') throw new DomainError('INVALID_TRANSITION', `cannot dispatch a case that is ${c.status}`, { action: 'register', status: c.status });
  const dispatch: CaseDispatch = {
    rule: d.rule,
    at: now,
    needsConfirmation: d.needsConfirmation,
    ...(d.distanceKm !== undefined && { distanceKm: d.distanceKm }),
  };
  const placed: Case = {
    ...c,
    townId: d.townId ?? c.townId,
    enterpriseId: d.enterpriseId ?? c.enterpriseId,
    dispatch,
    updatedAt: now,
  };
  if (!d.autoRegister || !placed.townId) return placed;
  return withLevelTrail(c, {
    ...placed,
    status: 'registered',
    history: [
      ...c.history,
      { at: now, actorId: SYSTEM_ACTOR_ID, actorRole: SYSTEM_ACTOR_ID, action: 'register', from: 'reported', to: 'registered', rule: d.rule },
    ],
  });
}
