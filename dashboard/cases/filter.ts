import { caseSources, caseStatuses, openStatuses, severities } from '../../domain/index.js';
import type { Actor, CaseFilter, CaseSource, CaseStatus, EnterpriseRepo, Severity } from '../../domain/index.js';
import { dayAfter, dayStart } from '../dates.js';
import { scopeTown } from '../scope.js';

/** The case list's query string, as typed in the filter form (and kept in "next page" and export links). */
export interface CaseQuery {
  town?: string;
  /** A status, or `open` for every open status. */
  status?: string;
  severity?: string;
  source?: string;
  overdue?: string;
  /** An enterprise name (or part of one): the best registered match filters the list. */
  enterprise?: string;
  from?: string;
  to?: string;
}

const pick = <T extends string>(values: readonly T[], v: string | undefined): T | undefined =>
  values.includes(v as T) ? (v as T) : undefined;

export function readCaseQuery(q: Record<string, string | undefined>): CaseQuery {
  const keys = ['town', 'status', 'severity', 'source', 'overdue', 'enterprise', 'from', 'to'] as const;
  return Object.fromEntries(keys.map((k) => [k, q[k]?.trim().slice(0, 100) || undefined]));
}

/**
 * The store filter for a query, within what the actor may see: a town official's list is their town's,
 * whatever the query says. `enterpriseMissing` tells the page an enterprise name matched nothing.
 */
export async function caseFilterFor(
  q: CaseQuery,
  actor: Actor,
  enterprises: EnterpriseRepo,
  now: Date,
): Promise<{ filter: CaseFilter; enterpriseMissing: boolean }> {
  const townId = scopeTown(actor, q.town);
  const status: CaseStatus[] | undefined = q.status === 'open' ? [...openStatuses] : pick(caseStatuses, q.status) && [q.status as CaseStatus];
  const filter: CaseFilter = {
    townId,
    status,
    severity: pick<Severity>(severities, q.severity),
    source: pick<CaseSource>(caseSources, q.source),
    overdueAt: q.overdue ? now : undefined,
    createdFrom: dayStart(q.from),
    createdTo: dayAfter(q.to),
  };
  if (!q.enterprise) return { filter, enterpriseMissing: false };
  const [match] = await enterprises.search(q.enterprise, 1, townId);
  // An unknown name must narrow the list to nothing, not silently drop the filter.
  return { filter: { ...filter, enterpriseId: match?.id ?? '\u0000none' }, enterpriseMissing: !match };
}
