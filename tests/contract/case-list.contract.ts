import { describe, expect, it } from 'vitest';
import type { Case } from '../../domain/case.js';
import type { CaseFilter, Stores } from '../../domain/ports.js';
import { expectDomainError } from './expect-domain-error.js';
import { at, minimalCase } from './store-fixtures.js';

/** Case `i` of a series; cases 3k and 3k+1 share their createdAt, so the id must break the tie. */
const nth = (i: number): Case => {
  const createdAt = new Date(at('2026-03-01').getTime() + Math.floor(i / 3) * 3 * 60_000 + (i % 3 === 2 ? 1 : 0));
  return minimalCase({ id: `case-${String(i).padStart(3, '0')}`, createdAt, updatedAt: createdAt });
};

const ids = (cs: Case[]) => cs.map((c) => c.id);

/** Newest first: createdAt descending, then id descending. */
const newestFirst = (cs: Case[]) =>
  [...cs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));

export function caseListContract(stores: () => Stores): void {
  async function insertAll(cs: Case[]): Promise<void> {
    for (const c of cs) await stores().cases.insert(c);
  }

  async function pages(filter: CaseFilter, limit: number, between?: () => Promise<void>): Promise<Case[][]> {
    const out: Case[][] = [];
    let after: string | undefined;
    do {
      const page = await stores().cases.list(filter, { limit, ...(after && { after }) });
      out.push(page.items);
      after = page.next;
      if (after && between) await between();
    } while (after);
    return out;
  }

  describe('cases: paging', () => {
    const series = Array.from({ length: 25 }, (_, i) => nth(i));

    it('pages 25 cases by 10, newest first, complete and without repeats', async () => {
      await insertAll(series);
      const got = await pages({}, 10);
      expect(got.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(ids(got.flat())).toEqual(ids(newestFirst(series)));
      expect(got.flat()[0]).toStrictEqual(newestFirst(series)[0]);
    });

    it('stays stable when cases are inserted between page fetches', async () => {
      await insertAll(series);
      let n = 100;
      const later = async () => {
        const createdAt = new Date(at('2026-04-01').getTime() + n);
        await stores().cases.insert(minimalCase({ id: `case-${n++}`, createdAt, updatedAt: createdAt }));
      };
      const got = await pages({}, 10, later);
      expect(ids(got.flat())).toEqual(ids(newestFirst(series)));
      expect(await stores().cases.count({})).toBe(27);
    });

    it('has no next cursor on an exactly full last page and rejects a forged cursor', async () => {
      await insertAll(series.slice(0, 10));
      const page = await stores().cases.list({}, { limit: 10 });
      expect(page.items).toHaveLength(10);
      expect(page).not.toHaveProperty('next');
      expect(await stores().cases.list({}, { limit: 5 })).toHaveProperty('next');
      await expectDomainError(stores().cases.list({}, { limit: 10, after: 'not-a-cursor' }), 'INVALID_INPUT');
      await expectDomainError(stores().cases.list({}, { limit: 0 }), 'INVALID_INPUT');
    });
  });

  describe('cases: filters and count', () => {
    const t0 = at('2026-03-10');
    const day = 86_400_000;
    const now = new Date(t0.getTime() + 10 * day);
    const mk = (i: number, over: Partial<Case>): Case => {
      const createdAt = new Date(t0.getTime() + i * day);
      return minimalCase({ id: `f${i}`, createdAt, updatedAt: createdAt, ...over });
    };
    const cases = [
      mk(0, { townId: 'town-a', status: 'rectifying', severity: 'major', deadline: new Date(now.getTime() - 1) }),
      mk(1, { townId: 'town-a', status: 'assessed', severity: 'general', deadline: new Date(now.getTime() + day) }),
      mk(2, { townId: 'town-a', status: 'closed', severity: 'general', deadline: new Date(now.getTime() - day) }),
      mk(3, { townId: 'town-b', status: 'review_requested', source: 'inspection', deadline: new Date(now.getTime() - day) }),
      mk(4, { townId: 'town-b', status: 'registered', source: 'worker_report', reporterId: 'w1', enterpriseId: 'e1' }),
      mk(5, { status: 'reported', source: 'worker_report', reporterId: 'w1', assigneeId: 'o1' }),
      mk(6, { townId: 'town-a', status: 'rejected', enterpriseId: 'e1', assigneeId: 'o1' }),
    ];
    /** The filter's cases by list, checked against count and against a scan in batches of 2. */
    const listed = async (filter: CaseFilter) => {
      const page = await stores().cases.list(filter, { limit: 100 });
      expect(await stores().cases.count(filter)).toBe(page.items.length);
      const batches: Case[][] = [];
      for await (const batch of stores().cases.scan(filter, 2)) batches.push(batch);
      expect(batches.every((b) => b.length >= 1 && b.length <= 2)).toBe(true);
      expect(ids(batches.flat()).sort()).toEqual(ids(page.items).sort());
      expect(batches.flat().find((c) => c.id === page.items[0]?.id)).toStrictEqual(page.items[0]);
      return ids(page.items).sort();
    };

    it.each<[string, CaseFilter, string[]]>([
      ['nothing', {}, ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']],
      ['town', { townId: 'town-a' }, ['f0', 'f1', 'f2', 'f6']],
      ['status list', { status: ['assessed', 'rectifying', 'rejected'] }, ['f0', 'f1', 'f6']],
      ['empty status list', { status: [] }, []],
      ['severity', { severity: 'general' }, ['f1', 'f2']],
      ['source', { source: 'worker_report' }, ['f4', 'f5']],
      ['enterprise', { enterpriseId: 'e1' }, ['f4', 'f6']],
      ['assignee', { assigneeId: 'o1' }, ['f5', 'f6']],
      ['reporter', { reporterId: 'w1' }, ['f4', 'f5']],
      ['overdue (open only)', { overdueAt: now }, ['f0', 'f3']],
      ['overdue within a status list', { overdueAt: now, status: ['rectifying', 'closed'] }, ['f0']],
      ['created range [from, to)', { createdFrom: new Date(t0.getTime() + day), createdTo: new Date(t0.getTime() + 4 * day) }, ['f1', 'f2', 'f3']],
      ['combined', { townId: 'town-a', status: ['rectifying', 'assessed'], severity: 'major' }, ['f0']],
      ['deadline range [from, to)', { deadlineFrom: new Date(now.getTime() - day), deadlineTo: now }, ['f0', 'f2', 'f3']],
      ['deadline from (no deadline: no match)', { deadlineFrom: new Date(now.getTime() - 1) }, ['f0', 'f1']],
      ['deadline before, within a status list', { deadlineTo: now, status: ['rectifying', 'review_requested'] }, ['f0', 'f3']],
      ['overdue with an earlier deadline bound', { overdueAt: now, deadlineTo: new Date(now.getTime() - 1) }, ['f3']],
      ['changed since', { updatedFrom: new Date(t0.getTime() + 5 * day) }, ['f5', 'f6']],
      // Windows of a few days, which a store may read a day at a time.
      ['changed within [from, to)', { updatedFrom: new Date(t0.getTime() + 4 * day), updatedTo: new Date(t0.getTime() + 6 * day) }, ['f4', 'f5']],
      ['deadline within three days', { deadlineFrom: new Date(now.getTime() - 2 * day), deadlineTo: new Date(now.getTime() + day + 1) }, ['f0', 'f1', 'f2', 'f3']],
      ['an empty deadline window', { deadlineFrom: now, deadlineTo: now }, []],
      ['deadline within a window, overdue binding', { deadlineFrom: new Date(now.getTime() - 2 * day), deadlineTo: new Date(now.getTime() + 2 * day), overdueAt: now }, ['f0', 'f3']],
    ])('filters by %s, and count agrees', async (_name, filter, expected) => {
      await insertAll(cases);
      expect(await listed(filter)).toEqual(expected);
    });

    it('finds a case by its last change once it is updated', async () => {
      await insertAll(cases);
      const since = new Date(t0.getTime() + 20 * day);
      expect(await listed({ updatedFrom: since })).toEqual([]);
      const f1 = (await stores().cases.get('f1'))!;
      await stores().cases.update({ ...f1, updatedAt: since });
      expect(await listed({ updatedFrom: since })).toEqual(['f1']);
      expect(await listed({ updatedFrom: since, updatedTo: new Date(since.getTime() + day) })).toEqual(['f1']);
      expect(await listed({ updatedFrom: new Date(since.getTime() - 3 * day), updatedTo: since })).toEqual([]);
    });

    it('pages a filtered list', async () => {
      await insertAll(cases);
      const got = await pages({ townId: 'town-a' }, 3);
      expect(got.map(ids)).toEqual([['f6', 'f2', 'f1'], ['f0']]);
    });
  });
}
