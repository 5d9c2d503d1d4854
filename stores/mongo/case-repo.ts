import type { Case } from '../../domain/case.js';
import type { CaseRepo } from '../../domain/ports.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { SCAN_BATCH } from '../shared/scan-pages.js';
import { canonical } from '../shared/json-codec.js';
import type { Collections } from './collections.js';
import { caseDoc, dayQueries, fromCaseDoc } from './case-day-keys.js';
import { caseQuery } from './case-query.js';
import { mapDuplicate } from './errors.js';
import { numberer } from './numbered-insert.js';
import { newestFirst } from './paging.js';
import { nextSequence } from './sequence.js';
import { versionedReplace } from './versioned-replace.js';

export function mongoCaseRepo(c: Collections): CaseRepo {
  const insertNumbered = numberer(c);
  const replace = versionedReplace(c, c.cases, 'cases');
  return {
    nextSequence: (prefix, year) => nextSequence(c, `case:${prefix}:${year}`),
    insertNumbered,
    async insert(k) {
      await mapDuplicate(`case ${k.id} / ${k.number}`, () => c.cases.insertOne(caseDoc(k)));
    },
    async get(id) {
      const doc = await c.cases.findOne({ _id: id });
      return doc && fromCaseDoc(doc);
    },
    async getByNumber(number) {
      const doc = await c.cases.findOne({ number });
      return doc && fromCaseDoc(doc);
    },
    async update(k) {
      const next = canonical({ ...k, version: k.version + 1 });
      await replace(caseDoc(next), 'case');
      return next;
    },
    async list(filter, page) {
      const docs = await c.cases
        .find(caseQuery(filter, pageStart(page)))
        .sort(newestFirst)
        .limit(page.limit + 1)
        .toArray();
      return toPage(docs.map((d) => fromCaseDoc(d)), page.limit);
    },
    async *scan(filter, batch = SCAN_BATCH) {
      // Unsorted cursors: one per day of the filter's window (see case-day-keys.ts), else one in all.
      for (const q of dayQueries(filter, caseQuery(filter))) {
        let docs: Case[] = [];
        for await (const d of c.cases.find(q).batchSize(batch)) {
          docs.push(fromCaseDoc(d));
          if (docs.length === batch) {
            yield docs;
            docs = [];
          }
        }
        if (docs.length > 0) yield docs;
      }
    },
    count: (filter) => c.cases.countDocuments(caseQuery(filter)),
  };
}
