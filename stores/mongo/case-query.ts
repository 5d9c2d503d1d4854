import type { Filter } from 'mongodb';
import type { Case } from '../../domain/case.js';
import type { CaseFilter } from '../../domain/ports.js';
import { admittedStatuses } from '../shared/case-filter.js';
import type { CursorKey } from '../shared/cursor.js';
import type { Stored } from './collections.js';
import { afterQuery } from './paging.js';

/** CaseFilter → query. createdFrom is inclusive, createdTo exclusive (as in the SQLite adapter). */
export function caseQuery(filter: CaseFilter, after?: CursorKey): Filter<Stored<Case>> {
  const q: Filter<Stored<Case>> = afterQuery(after);
  const { townId, severity, source, enterpriseId, assigneeId, reporterId } = filter;
  const equal = { townId, severity, source, enterpriseId, assigneeId, reporterId };
  for (const [field, value] of Object.entries(equal)) if (value !== undefined) q[field] = value;
  const statuses = admittedStatuses(filter);
  if (statuses) q.status = { $in: [...statuses] };
  if (filter.overdueAt) q.deadline = { $lt: filter.overdueAt };
  if (filter.createdFrom || filter.createdTo) {
    q.createdAt = {
      ...(filter.createdFrom && { $gte: filter.createdFrom }),
      ...(filter.createdTo && { $lt: filter.createdTo }),
    };
  }
  return q;
}
