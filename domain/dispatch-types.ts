/** The rules of 任务自动派单 (domain/dispatch.ts), apart so that Case can name them without a cycle. */
export type DispatchRule =
  | 'enterprise_poster_qr'
  | 'enterprise_credit_code'
  | 'enterprise_name'
  | 'enterprise_alias'
  | 'location_town_area'
  | 'poster_town'
  | 'county_duty';
export const dispatchRules: readonly DispatchRule[] = [
  'enterprise_poster_qr',
  'enterprise_credit_code',
  'enterprise_name',
  'enterprise_alias',
  'location_town_area',
  'poster_town',
  'county_duty',
];

/** What a case keeps of its dispatch: the rule that placed it and whether a person must still confirm it. */
export interface CaseDispatch {
  rule: DispatchRule;
  at: Date;
  needsConfirmation: boolean;
  /** Distance to the chosen town's centre, for location placements. */
  distanceKm?: number;
}
