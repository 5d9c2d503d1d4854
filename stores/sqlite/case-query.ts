import type { CaseFilter } from '../../domain/ports.js';
import { admittedStatuses } from '../shared/case-filter.js';
import type { CursorKey } from '../shared/cursor.js';
import { Where } from './where.js';

/** CaseFilter → SQL over the indexed columns. The ranges' lower bounds are inclusive, upper ones exclusive. */
export function caseWhere(filter: CaseFilter, after?: CursorKey): Where {
  const where = new Where()
    .eq('town_id', filter.townId)
    .eq('severity', filter.severity)
    .eq('source', filter.source)
    .eq('enterprise_id', filter.enterpriseId)
    .eq('assignee_id', filter.assigneeId)
    .eq('reporter_id', filter.reporterId);
  const statuses = admittedStatuses(filter);
  if (statuses) where.add(`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  if (filter.overdueAt) where.add('deadline < ?', filter.overdueAt.getTime());
  if (filter.createdFrom) where.add('created_at >= ?', filter.createdFrom.getTime());
  if (filter.createdTo) where.add('created_at < ?', filter.createdTo.getTime());
  if (filter.deadlineFrom) where.add('deadline >= ?', filter.deadlineFrom.getTime());
  if (filter.deadlineTo) where.add('deadline < ?', filter.deadlineTo.getTime());
  if (filter.updatedFrom) where.add('updated_at >= ?', filter.updatedFrom.getTime());
  if (filter.updatedTo) where.add('updated_at < ?', filter.updatedTo.getTime());
  return where.after(after);
}
