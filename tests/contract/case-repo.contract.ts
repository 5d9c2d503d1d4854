import { describe, expect, it } from 'vitest';
import type { Case } from '../../domain/case.js';
import type { Stores } from '../../domain/ports.js';
import { expectDomainError } from './expect-domain-error.js';
import { fullCase, minimalCase } from './store-fixtures.js';

export function caseRepoContract(stores: () => Stores): void {
  describe('cases: records', () => {
    it('round-trips every field of a fully populated case, dates to the millisecond', async () => {
      const c = fullCase();
      await stores().cases.insert(c);
      const got = await stores().cases.get(c.id);
      expect(got).toStrictEqual(c);
      expect(got?.history[1]?.evidence?.[0]?.capturedAt).toBeInstanceOf(Date);
      expect(got?.supervision?.listedAt.getTime()).toBe(c.supervision?.listedAt.getTime());
      expect(await stores().cases.getByNumber(c.number)).toStrictEqual(c);
    });

    it('keeps absent optional fields absent, also when written as undefined', async () => {
      const c = minimalCase();
      await stores().cases.insert({ ...c, severity: undefined, deadline: undefined, townId: undefined });
      const got = await stores().cases.get(c.id);
      expect(got).toStrictEqual(c);
      for (const k of ['severity', 'deadline', 'townId', 'supervision', 'location', 'reporterId']) {
        expect(got).not.toHaveProperty(k);
      }
      expect(got?.history[0]).not.toHaveProperty('note');
      expect(got?.history[0]?.from).toBeNull();
    });

    it('answers null for an unknown id or number', async () => {
      expect(await stores().cases.get('no-such-id')).toBeNull();
      expect(await stores().cases.getByNumber('ZZ-1999-000001')).toBeNull();
    });

    it('rejects a second case with the same id or number as DUPLICATE', async () => {
      const c = minimalCase();
      await stores().cases.insert(c);
      await expectDomainError(stores().cases.insert(minimalCase({ number: c.number })), 'DUPLICATE');
      await expectDomainError(stores().cases.insert(minimalCase({ id: c.id })), 'DUPLICATE');
    });
  });

  describe('cases: compare-and-set update', () => {
    it('stores the new state with version + 1 and drops fields set to undefined', async () => {
      const c = fullCase();
      await stores().cases.insert(c);
      const changed: Case = { ...c, status: 'registered', closedAt: undefined, escalatedAt: undefined };
      const saved = await stores().cases.update(changed);
      const { closedAt: _c, escalatedAt: _e, ...expected } = { ...changed, version: c.version + 1 };
      expect(saved).toStrictEqual(expected);
      expect(await stores().cases.get(c.id)).toStrictEqual(expected);
      const again = await stores().cases.update({ ...saved, description: '二次修改的描述内容' });
      expect(again.version).toBe(c.version + 2);
    });

    it('fails a write from a stale read with VERSION_CONFLICT and keeps the newer state', async () => {
      const c = minimalCase();
      await stores().cases.insert(c);
      const fresh = await stores().cases.update({ ...c, status: 'registered' });
      await expectDomainError(stores().cases.update({ ...c, status: 'rejected' }), 'VERSION_CONFLICT');
      expect(await stores().cases.get(c.id)).toStrictEqual(fresh);
    });

    it('fails an update of a missing case with NOT_FOUND', async () => {
      await expectDomainError(stores().cases.update(minimalCase()), 'NOT_FOUND');
    });

    it('maps a number taken by another case to DUPLICATE and stays updatable', async () => {
      const a = minimalCase();
      const b = minimalCase();
      await stores().cases.insert(a);
      await stores().cases.insert(b);
      await expectDomainError(stores().cases.update({ ...b, number: a.number }), 'DUPLICATE');
      expect(await stores().cases.get(b.id)).toStrictEqual(b);
      expect((await stores().cases.update({ ...b, status: 'registered' })).version).toBe(1);
    });

    it('lets exactly one of two concurrent transitions from the same read win', async () => {
      for (let round = 0; round < 5; round++) {
        const c = minimalCase();
        await stores().cases.insert(c);
        const read = (await stores().cases.get(c.id)) as Case;
        const results = await Promise.allSettled([
          stores().cases.update({ ...read, status: 'registered', townId: 'town-a' }),
          stores().cases.update({ ...read, status: 'rejected', rejectReason: '重复上报' }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost[0]?.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
        const winner = (won[0] as PromiseFulfilledResult<Case>).value;
        expect(await stores().cases.get(c.id)).toStrictEqual(winner);
        expect((await stores().cases.update({ ...winner, description: '胜者之后的修改' })).version).toBe(2);
      }
    });
  });

  describe('cases: numbering', () => {
    const fresh = () => minimalCase({ number: '' });
    const seqOf = (c: Case) => Number(c.number.slice(-6));

    it('numbers 50 concurrent new cases 1..50 without gaps or repeats, each stored under the number it got', async () => {
      const made = await Promise.all(Array.from({ length: 50 }, () => stores().cases.insertNumbered(fresh(), 'ZZ', 2026)));
      expect(made.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      for (const c of made) expect((await stores().cases.getByNumber(c.number))?.id).toBe(c.id);
      expect((await stores().cases.insertNumbered(fresh(), 'ZZ', 2026)).number).toBe('ZZ-2026-000051');
    });

    it('refuses repeated submits inside a burst without using up a number: the others get 1..n', async () => {
      const first = await Promise.all(Array.from({ length: 5 }, () => stores().cases.insertNumbered(fresh(), 'ZZ', 2026)));
      const burst = Array.from({ length: 40 }, (_, i) => (i % 10 === 3 ? { ...fresh(), id: first[i / 10 | 0]!.id } : fresh()));
      const settled = await Promise.allSettled(burst.map((k) => stores().cases.insertNumbered(k, 'ZZ', 2026)));
      const refused = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
      expect(refused.map((e) => e.code)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
      const made = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect([...first, ...made].map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    });

    it('numbers each prefix and year on its own, and a refused insert uses up no number', async () => {
      const first = await stores().cases.insertNumbered(fresh(), 'ZZ', 2026);
      expect(first.number).toBe('ZZ-2026-000001');
      await expectDomainError(stores().cases.insertNumbered({ ...fresh(), id: first.id }, 'ZZ', 2026), 'DUPLICATE');
      expect((await stores().cases.insertNumbered(fresh(), 'ZZ', 2026)).number).toBe('ZZ-2026-000002');
      expect((await stores().cases.insertNumbered(fresh(), 'ZZ', 2027)).number).toBe('ZZ-2027-000001');
      expect((await stores().cases.insertNumbered(fresh(), 'GX', 2026)).number).toBe('GX-2026-000001');
    });

    it('hands out document numbers 1..50 without gaps or repeats to 50 concurrent callers', async () => {
      const seqs = await Promise.all(Array.from({ length: 50 }, () => stores().cases.nextSequence('ZZ', 2026)));
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await stores().cases.nextSequence('ZZ', 2026)).toBe(51);
    });

    it('counts each prefix and year on its own', async () => {
      expect(await stores().cases.nextSequence('ZZ', 2026)).toBe(1);
      expect(await stores().cases.nextSequence('ZZ', 2026)).toBe(2);
      expect(await stores().cases.nextSequence('ZZ', 2027)).toBe(1);
      expect(await stores().cases.nextSequence('GX', 2026)).toBe(1);
    });
  });
}
