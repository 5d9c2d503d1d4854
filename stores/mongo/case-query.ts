import type { Filter } from 'mongodb';
import type { Case } from '../../domain/case.js';
import type { CaseFilter } from '../../domain/ports.js';
import { admittedStatuses } from '../shared/case-filter.js';
import type { CursorKey } from '../shared/cursor.js';
import type { Stored } from './collections.js';
import { afterQuery } from './paging.js';

/** CaseFilter → query. Lower bounds inclusive, upper bounds exclusive (as in the SQLite adapter). */
export function caseQuery(filter: CaseFilter, after?: CursorKey): Filter<Stored<Case>> {
  const q: Filter<Stored<Case>> = afterQuery(after);
  const { townId, severity, source, enterpriseId, assigneeId, reporterId } = filter;
  const equal = { townId, severity, source, enterpriseId, assigneeId, reporterId };
  for (const [field, value] of Object.entries(equal)) if (value !== undefined) q[field] = value;
  const statuses = admittedStatuses(filter);
  if (statuses) q.status = { $in: [...statuses] };
  const deadline = {
    ...(filter.deadlineFrom && { $gte: filter.deadlineFrom }),
    ...(filter.deadlineTo && { $lt: filter.deadlineTo }),
  };
  // overdueAt and deadlineTo are both upper bounds: the earlier one binds.
  if (filter.overdueAt && !(filter.deadlineTo && filter.deadlineTo < filter.overdueAt)) deadline.$lt = filter.overdueAt;
  if (Object.keys(deadline).length > 0) q.deadline = deadline;
  if (filter.updatedFrom || filter.updatedTo) {
    q.updatedAt = {
      ...(filter.updatedFrom && { $gte: filter.updatedFrom }),
      ...(filter.updatedTo && { $lt: filter.updatedTo }),
    };
  }
  if (filter.createdFrom || filter.createdTo) {
    q.createdAt = {
      ...(filter.createdFrom && { $gte: filter.createdFrom }),
      ...(filter.createdTo && { $lt: filter.createdTo }),
    };
  }
  return q;
}
