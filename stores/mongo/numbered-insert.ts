import { formatCaseNumber } from '../../domain/case.js';
import type { Case } from '../../domain/case.js';
import { duplicate } from '../shared/errors.js';
import type { Collections } from './collections.js';
import { caseDoc } from './case-day-keys.js';
import { isDuplicateKey } from './errors.js';

const MAX_ATTEMPTS = 200;

/**
 * Inserts a case under the highest number of its prefix and year + 1. The unique index on `number` makes the insert
 * the claim: a caller that loses the race reads the new highest number and tries again. Nothing is held before the
 * insert, so a process killed mid-way leaves no gap (a counter, even one claimed per number, would).
 * Numbers are zero-padded to six digits, so their text order is their numeric order.
 */
export async function insertNumbered(c: Collections, k: Case, prefix: string, year: number): Promise<Case> {
  const head = `${prefix}-${year}-`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [last] = await c.cases
      .find({ number: { $gte: head, $lt: `${head}\uffff` } }, { projection: { number: 1 } })
      .sort({ number: -1 })
      .limit(1)
      .toArray();
    const numbered = { ...k, number: formatCaseNumber(prefix, year, last ? Number(last.number.slice(head.length)) + 1 : 1) };
    try {
      await c.cases.insertOne(caseDoc(numbered));
      return numbered;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      if (await c.cases.findOne({ _id: k.id }, { projection: { _id: 1 } })) throw duplicate(`case ${k.id}`, e);
      // Lost the number to a concurrent insert; a random pause spreads a crowd of callers over the next numbers.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
    }
  }
  throw new Error(`case numbers ${head}: no free number after ${MAX_ATTEMPTS} attempts`);
}
