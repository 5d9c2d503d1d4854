import type { CaseFilter } from '../../domain/index.js';
import { deadlineStatuses } from './case-ladder.js';

const DAY_MS = 86_400_000;

/**
 * How far ahead of a sweep deadlines matter: the earliest rung is 3 days before the due day, the next
 * sweep comes a day later, plus a day for a late sweep and the reminder hour. A case due later was
 * planned when its deadline was set, and is looked at again when its deadline enters this window.
 */
export const SWEEP_LOOKAHEAD_MS = 5 * DAY_MS;

/** Changes made while the previous sweep was reading are caught by the next one. */
const CHANGE_MARGIN_MS = 10 * 60_000;

/**
 * The cases a sweep at `now` re-plans (each read through the status + deadline or updatedAt index).
 * A sweep with no `last` (a schedule never swept, or one that was lost) takes every open case that can have
 * a rung before the next sweep: overdue ones (their daily rung) and those due within the lookahead. Any
 * other sweep, a restart's included, takes only what changed since `last`: cases updated since, and cases
 * whose deadline entered the window since.
 * Overdue chains continue by themselves (each overdue rung plans the next before sending).
 */
export function sweepFilters(now: Date, last: Date | undefined): CaseFilter[] {
  const status = [...deadlineStatuses];
  const horizon = new Date(now.getTime() + SWEEP_LOOKAHEAD_MS);
  if (!last) return [{ status, deadlineTo: horizon }];
  return [
    // Bounded by `now` so a store can read the window a day at a time; later changes fall to the next sweep.
    { status, updatedFrom: new Date(last.getTime() - CHANGE_MARGIN_MS), updatedTo: new Date(now.getTime() + 1) },
    { status, deadlineFrom: new Date(last.getTime() + SWEEP_LOOKAHEAD_MS), deadlineTo: horizon },
  ];
}
