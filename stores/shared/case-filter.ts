import type { CaseStatus } from '../../domain/case.js';
import { openStatuses } from '../../domain/case.js';
import type { CaseFilter } from '../../domain/ports.js';

/**
 * The statuses a filter admits, or undefined for "any". `overdueAt` means open cases only, so it
 * narrows an explicit status list to its open members. An empty list admits nothing.
 */
export function admittedStatuses(filter: CaseFilter): readonly CaseStatus[] | undefined {
  if (!filter.overdueAt) return filter.status;
  return filter.status ? filter.status.filter((s) => openStatuses.includes(s)) : openStatuses;
}
