import type { Enterprise } from '../../domain/enterprise.js';
import type { EnterpriseRepo } from '../../domain/ports.js';
import { pageStart, toPage } from '../shared/cursor.js';
import { rankEnterprises, searchKey } from '../shared/enterprise-search.js';
import { canonical } from '../shared/json-codec.js';
import type { Collections, EnterpriseDoc } from './collections.js';
import { fromDoc, presentKey, toDoc, uniqueWhenPresent } from './collections.js';
import { afterQuery, newestFirst } from './paging.js';
import { mapDuplicate } from './errors.js';
import { versionedReplace } from './versioned-replace.js';

const stored = (e: Enterprise): EnterpriseDoc => ({ ...toDoc(e), creditKey: uniqueWhenPresent(e.creditCode, e.id) });
const load = (doc: EnterpriseDoc): Enterprise => fromDoc<Enterprise>(doc, 'creditKey');
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function mongoEnterpriseRepo(c: Collections): EnterpriseRepo {
  const replace = versionedReplace(c, c.enterprises, 'enterprises');
  return {
    async insert(e) {
      await mapDuplicate(`enterprise ${e.id} / ${e.name} / ${e.creditCode ?? '-'}`, () =>
        c.enterprises.insertOne(stored(e)),
      );
    },
    async update(e) {
      const next = canonical({ ...e, version: e.version + 1 });
      await replace(stored(next), 'enterprise');
      return next;
    },
    async get(id) {
      const doc = await c.enterprises.findOne({ _id: id });
      return doc && load(doc);
    },
    async getByCreditCode(code) {
      const doc = await c.enterprises.findOne({ creditKey: presentKey(code) });
      return doc && load(doc);
    },
    async search(query, limit, townId) {
      const q = searchKey(query);
      if (!q) return [];
      // Every match is ranked here (a county has thousands of enterprises, not millions).
      const rx = { $regex: escapeRegex(q), $options: 'i' };
      const docs = await c.enterprises
        .find({ $or: [{ name: rx }, { aliases: rx }], ...(townId !== undefined && { townId }) })
        .toArray();
      return rankEnterprises(docs.map(load), q, limit);
    },
    async list(filter, page) {
      const query = {
        ...afterQuery(pageStart(page)),
        ...(filter.townId !== undefined && { townId: filter.townId }),
        ...(filter.riskLevel !== undefined && { riskLevel: filter.riskLevel }),
      };
      const docs = await c.enterprises.find(query).sort(newestFirst).limit(page.limit + 1).toArray();
      return toPage(docs.map(load), page.limit);
    },
  };
}
