import { MongoBulkWriteError } from 'mongodb';
import { formatCaseNumber } from '../../domain/case.js';
import type { Case } from '../../domain/case.js';
import { duplicate } from '../shared/errors.js';
import type { Collections } from './collections.js';
import { caseDoc } from './case-day-keys.js';
import { isDuplicateKey } from './errors.js';

const MAX_ATTEMPTS = 200;
/** How often a caller that keeps losing checks that it is not its own id that is taken. */
const ID_CHECK_EVERY = 8;

/*
 * Case numbers: the lowest free number of a prefix and year, unique and without gaps. The unique index on `number`
 * makes the insert the claim: a caller that loses the race tries the next number. Nothing is held before the insert,
 * so a process killed mid-way leaves no gap (a counter, even one claimed per number, would).
 *
 * Where to start is a hint, the highest number known taken, never one ahead of it: numbers up to it are all taken,
 * and a caller walks up from it one taken number at a time, so no number is skipped. The stored hint is a `counters`
 * document read by `_id`, not a sorted read of the cases (FerretDB 1.24 cannot hand a range, sort or limit to
 * PostgreSQL and would read every case for each number); it is raised after an insert and may lag (a raise may lose to
 * a concurrent one). Numbers are zero-padded to six digits, so their text order is their numeric order.
 */

/** One case, walking up from the stored hint past every taken number. */
async function insertNumbered(c: Collections, k: Case, prefix: string, year: number): Promise<{ numbered: Case; seq: number }> {
  const head = `${prefix}-${year}-`;

  let next = (await highestSoFar(c, head)) + 1;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const numbered = { ...k, number: formatCaseNumber(prefix, year, next) };
    try {
      await c.cases.insertOne(caseDoc(numbered));
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // The same error says "id taken" (a repeated submit: every number would fail) or "number taken".
      if (attempt % ID_CHECK_EVERY === 0 && (await c.cases.findOne({ _id: k.id }, { projection: { _id: 1 } }))) throw duplicate(`case ${k.id}`, e);
      next = Math.max(next + 1, (await highestSoFar(c, head)) + 1);
      // A random pause spreads a crowd of callers over the next numbers.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt + 1)));
      continue;
    }
    return { numbered, seq: next };
  }
  throw new Error(`case numbers ${head}: no free number after ${MAX_ATTEMPTS} attempts`);
}

const hintIdOf = (head: string) => `case-number:${head}`;

/** The stored hint, or where there is none yet (cases numbered before it, the first of a year) the stored highest. */
async function highestSoFar(c: Collections, head: string): Promise<number> {
  const hint = await c.counters.findOne({ _id: hintIdOf(head) });
  if (hint) return hint.seq;
  const [last] = await c.cases
    .find({ number: { $gte: head, $lt: `${head}\uffff` } }, { projection: { number: 1 } })
    .sort({ number: -1 })
    .limit(1)
    .toArray();
  return last ? Number(last.number.slice(head.length)) : 0;
}

interface Waiting {
  k: Case;
  resolve: (numbered: Case) => void;
  reject: (e: unknown) => void;
}

/** Cases numbered together in one insert while submits queue up (a tip campaign's burst). */
const BATCH = 100;

/**
 * Numbers one batch at a time per prefix and year in this process (a crowd of submits racing for the same number
 * would each lose to the next: quadratic inserts); processes still race each other safely. Submits that queue while a
 * batch is written go together in the next one: consecutive numbers in one ordered insert, starting from the last
 * number the batch before took, without reading the stored hint. A batch whose insert stops at a refused case (its
 * number taken by another process, a repeated submit's case id) numbers its rest one at a time from the stored hint.
 */
export function numberer(c: Collections) {
  const queues = new Map<string, Waiting[]>();
  async function drain(head: string, prefix: string, year: number, queue: Waiting[]): Promise<void> {
    let known: number | undefined;
    while (queue.length) known = await insertBatch(c, queue.splice(0, BATCH), prefix, year, known);
    queues.delete(head);
  }
  return (k: Case, prefix: string, year: number): Promise<Case> =>
    new Promise((resolve, reject) => {
      const head = `${prefix}-${year}-`;
      const queued = queues.get(head);
      if (queued) return void queued.push({ k, resolve, reject });
      const queue = [{ k, resolve, reject }];
      queues.set(head, queue);
      void drain(head, prefix, year, queue); // never rejects: insertBatch settles every caller it takes
    });
}

/** Numbers and inserts `batch`, settling each caller; the highest number taken when known, for the next batch. */
async function insertBatch(c: Collections, batch: Waiting[], prefix: string, year: number, known?: number): Promise<number | undefined> {
  const head = `${prefix}-${year}-`;
  try {
    const start = known ?? (await highestSoFar(c, head));
    const numbered = batch.map((w, i) => ({ ...w.k, number: formatCaseNumber(prefix, year, start + 1 + i) }));
    let inserted = numbered.length;
    try {
      await c.cases.insertMany(numbered.map(caseDoc), { ordered: true });
    } catch (e) {
      // Ordered: everything before the refused one went in, nothing after it; the rest go one at a time, where each
      // gets its own answer (a taken number is walked past, a repeated id or an invalid case refused alone).
      if (!(e instanceof MongoBulkWriteError)) throw e;
      inserted = e.insertedCount;
    }
    numbered.slice(0, inserted).forEach((n, i) => batch[i]!.resolve(n));
    if (inserted > 0) await raiseHint(c, hintIdOf(head), start + inserted);
    if (inserted === numbered.length) return start + inserted;
    for (const w of batch.slice(inserted)) {
      try {
        const made = await insertNumbered(c, w.k, prefix, year);
        await raiseHint(c, hintIdOf(head), made.seq);
        w.resolve(made.numbered);
      } catch (e) {
        w.reject(e);
      }
    }
    return undefined;
  } catch (e) {
    for (const w of batch) w.reject(e); // a caller already answered keeps its answer
    return undefined;
  }
}

async function raiseHint(c: Collections, hintId: string, seq: number): Promise<void> {
  try {
    await c.counters.updateOne({ _id: hintId }, { $max: { seq } }, { upsert: true });
  } catch (e) {
    // Two first-ever raises raced and the other created it: a hint that lags is allowed.
    if (!isDuplicateKey(e)) throw e;
  }
}
