import type { Db, Document, Filter } from 'mongodb';
import type { Case } from '../../domain/case.js';
import type { CaseFilter } from '../../domain/ports.js';
import type { Stored } from './collections.js';
import { fromDoc, toDoc } from './collections.js';
import { dayNumber } from './day-number.js';

/**
 * Day keys on every case document, so that the reminder sweep's windows are found by equality.
 *
 * FerretDB 1.24 (the CI database) hands PostgreSQL only top-level equality filters; a date range, an `$in` or a sort
 * makes it read and decode the whole collection (40 s at 100,000 cases on the CI machine, against about 1 s for one
 * equality). The adapter therefore keeps the UTC day number of `deadline` and `updatedAt` on each document and asks
 * one day at a time for a window of a few days; the full filter still applies, so the keys only narrow. On MongoDB
 * the same queries use the `status_deadline` and `updated` indexes as before.
 */
/** A window of more days than this is read with one unsorted cursor instead. */
const MAX_BUCKETS = 8;

export const DAY_KEY_FIELDS = ['deadlineDay', 'updatedDay'] as const;


type DayKeys = { updatedDay: number; deadlineDay?: number };

const dayKeys = (k: Pick<Case, 'updatedAt' | 'deadline'>): DayKeys => ({
  updatedDay: dayNumber(k.updatedAt),
  ...(k.deadline && { deadlineDay: dayNumber(k.deadline) }),
});

/** The stored document of a case: its fields and its day keys. */
export const caseDoc = (k: Case): Stored<Case> & DayKeys => ({ ...toDoc(k), ...dayKeys(k) });

export const fromCaseDoc = (doc: Document): Case => fromDoc<Case>(doc, ...DAY_KEY_FIELDS);

/** The day numbers of [from, to) (none when it is empty), or null when it is open or too wide to read a day at a time. */
function days(from: Date | undefined, to: Date | undefined): number[] | null {
  if (!from || !to) return null;
  if (to <= from) return [];
  const first = dayNumber(from);
  const last = dayNumber(new Date(to.getTime() - 1));
  if (last - first + 1 > MAX_BUCKETS) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * The query split into one query per day of its narrowest bounded window: none when that window is empty (a
 * restart's sweep asks for the deadlines that entered the window in no time), a single query when it has none.
 */
export function dayQueries(filter: CaseFilter, query: Filter<Stored<Case>>): Filter<Stored<Case>>[] {
  const deadlineTo = filter.overdueAt && (!filter.deadlineTo || filter.overdueAt < filter.deadlineTo) ? filter.overdueAt : filter.deadlineTo;
  const byDeadline = days(filter.deadlineFrom, deadlineTo);
  const byUpdate = days(filter.updatedFrom, filter.updatedTo);
  const [field, keys] =
    byDeadline && (!byUpdate || byDeadline.length <= byUpdate.length) ? ['deadlineDay', byDeadline] : byUpdate ? ['updatedDay', byUpdate] : [undefined, null];
  if (!field || !keys) return [query];
  return keys.map((d) => ({ ...query, [field]: d }));
}

/**
 * Cases written before the day keys get them once; a marker document keeps later starts from scanning the
 * collection again (a query for the missing field is a full scan on FerretDB).
 */
export async function backfillCaseDayKeys(db: Db): Promise<void> {
  const marks = db.collection<{ _id: string; at: Date }>('store_migrations');
  if (await marks.findOne({ _id: 'case-day-keys' })) return;
  const cases = db.collection<Stored<Case>>('cases');
  for await (const d of cases.find({ updatedDay: { $exists: false } })) {
    // Only the keys are set, and only on the version read: a concurrent write brings its own keys.
    await cases.updateOne({ _id: d._id, version: d.version }, { $set: dayKeys(d) });
  }
  await marks.updateOne({ _id: 'case-day-keys' }, { $setOnInsert: { at: new Date() } }, { upsert: true });
}
