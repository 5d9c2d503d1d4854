import { formatCaseNumber } from '../../domain/case.js';
import type { Case } from '../../domain/case.js';
import { duplicate } from '../shared/errors.js';
import type { Collections } from './collections.js';
import { caseDoc } from './case-day-keys.js';
import { isDuplicateKey } from './errors.js';

const MAX_ATTEMPTS = 200;
/** How often a caller that keeps losing checks that it is not its own id that is taken. */
const ID_CHECK_EVERY = 8;

/**
 * Inserts a case under the lowest free number of its prefix and year. The unique index on `number` makes the insert
 * the claim: a caller that loses the race tries the next number. Nothing is held before the insert, so a process
 * killed mid-way leaves no gap (a counter, even one claimed per number, would).
 *
 * Where to start is a hint, the highest number inserted so far (a `counters` document read by `_id`), not a sorted
 * read of the cases: FerretDB 1.24 cannot hand a range, sort or limit to PostgreSQL and would read every case for
 * each number. The hint may lag (it is raised after the insert, and a raise may lose to a concurrent one), never
 * lead; numbers up to it are all taken, and a caller walks up from it one taken number at a time, so no number is
 * skipped. Numbers are zero-padded to six digits, so their text order is their numeric order.
 */
export async function insertNumbered(c: Collections, k: Case, prefix: string, year: number): Promise<Case> {
  const head = `${prefix}-${year}-`;
  const hintId = `case-number:${head}`;
  const seqOf = (number: string) => Number(number.slice(head.length));

  async function highestSoFar(): Promise<number> {
    const hint = await c.counters.findOne({ _id: hintId });
    if (hint) return hint.seq;
    // No hint yet (cases numbered before it existed, or the first of the year): read the stored highest once.
    const [last] = await c.cases
      .find({ number: { $gte: head, $lt: `${head}\uffff` } }, { projection: { number: 1 } })
      .sort({ number: -1 })
      .limit(1)
      .toArray();
    return last ? seqOf(last.number) : 0;
  }

  let next = (await highestSoFar()) + 1;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const numbered = { ...k, number: formatCaseNumber(prefix, year, next) };
    try {
      await c.cases.insertOne(caseDoc(numbered));
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // The same error says "id taken" (a repeated submit: every number would fail) or "number taken".
      if (attempt % ID_CHECK_EVERY === 0 && (await c.cases.findOne({ _id: k.id }, { projection: { _id: 1 } }))) throw duplicate(`case ${k.id}`, e);
      next = Math.max(next + 1, (await highestSoFar()) + 1);
      // A random pause spreads a crowd of callers over the next numbers.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt + 1)));
      continue;
    }
    await raiseHint(c, hintId, next);
    return numbered;
  }
  throw new Error(`case numbers ${head}: no free number after ${MAX_ATTEMPTS} attempts`);
}

async function raiseHint(c: Collections, hintId: string, seq: number): Promise<void> {
  try {
    await c.counters.updateOne({ _id: hintId }, { $max: { seq } }, { upsert: true });
  } catch (e) {
    // Two first-ever raises raced and the other created it: a hint that lags is allowed.
    if (!isDuplicateKey(e)) throw e;
  }
}
