import { describe, expect, it } from 'vitest';
import type { Enterprise } from '../../domain/enterprise.js';
import type { Stores } from '../../domain/ports.js';
import { expectDomainError } from './expect-domain-error.js';
import { at, creditCode, fullEnterprise, minimalEnterprise } from './store-fixtures.js';

const names = (es: Enterprise[]) => es.map((e) => e.name);

export function enterpriseRepoContract(stores: () => Stores): void {
  describe('enterprises: records', () => {
    it('round-trips a full and a minimal enterprise; an absent credit code stays absent', async () => {
      const full = fullEnterprise();
      const min = minimalEnterprise({ name: '北义城镇某石料厂' });
      await stores().enterprises.insert(full);
      await stores().enterprises.insert(min);
      expect(await stores().enterprises.get(full.id)).toStrictEqual(full);
      expect(await stores().enterprises.getByCreditCode(full.creditCode as string)).toStrictEqual(full);
      const got = await stores().enterprises.get(min.id);
      expect(got).toStrictEqual(min);
      expect(got).not.toHaveProperty('creditCode');
      expect(await stores().enterprises.get('nope')).toBeNull();
      expect(await stores().enterprises.getByCreditCode(creditCode(999))).toBeNull();
    });

    it('rejects a taken id, credit code, or name within the town as DUPLICATE', async () => {
      const e = fullEnterprise();
      await stores().enterprises.insert(e);
      await expectDomainError(stores().enterprises.insert({ ...e, name: '另一家公司' }), 'DUPLICATE');
      await expectDomainError(stores().enterprises.insert(fullEnterprise({ name: '另一家公司' })), 'DUPLICATE');
      await expectDomainError(stores().enterprises.insert(minimalEnterprise({ name: e.name })), 'DUPLICATE');
      await stores().enterprises.insert(minimalEnterprise({ name: e.name, townId: 'town-b' }));
    });

    it('lets any number of enterprises have no credit code', async () => {
      await stores().enterprises.insert(minimalEnterprise({ name: '甲厂' }));
      await stores().enterprises.insert(minimalEnterprise({ name: '乙厂' }));
      expect((await stores().enterprises.list({}, { limit: 10 })).items).toHaveLength(2);
    });

    it('updates by compare-and-set on version', async () => {
      const e = fullEnterprise();
      await stores().enterprises.insert(e);
      const saved = await stores().enterprises.update({ ...e, riskLevel: 'B', aliases: ['华通'] });
      expect(saved).toStrictEqual({ ...e, riskLevel: 'B', aliases: ['华通'], version: e.version + 1 });
      expect(await stores().enterprises.get(e.id)).toStrictEqual(saved);
      await expectDomainError(stores().enterprises.update(e), 'VERSION_CONFLICT');
      await expectDomainError(stores().enterprises.update(minimalEnterprise()), 'NOT_FOUND');
    });

    it('frees a credit code dropped by an update and refuses one taken by another enterprise', async () => {
      const a = fullEnterprise();
      const b = minimalEnterprise({ name: '乙厂' });
      await stores().enterprises.insert(a);
      await stores().enterprises.insert(b);
      await expectDomainError(stores().enterprises.update({ ...b, creditCode: a.creditCode }), 'DUPLICATE');
      const { creditCode: code, ...withoutCode } = a;
      const savedA = await stores().enterprises.update(withoutCode);
      expect(savedA).not.toHaveProperty('creditCode');
      await stores().enterprises.update({ ...b, creditCode: code });
      expect((await stores().enterprises.getByCreditCode(code as string))?.id).toBe(b.id);
    });
  });

  describe('enterprises: search and list', () => {
    const seed = async () => {
      const es = [
        minimalEnterprise({ name: '华通', id: 'e1' }),
        minimalEnterprise({ name: '华通铸造有限公司', id: 'e2', aliases: ['HT Casting'] }),
        minimalEnterprise({ name: '泽州县华通机械厂', id: 'e3' }),
        minimalEnterprise({ name: '晋城市金鼎建材有限公司', id: 'e4', aliases: ['金鼎', 'Jinding (Group)'] }),
        minimalEnterprise({ name: '华通铸造有限公司', id: 'e5', townId: 'town-b' }),
      ];
      for (const e of es) await stores().enterprises.insert(e);
    };

    it('finds by name fragment, best match first: exact > prefix > contains', async () => {
      await seed();
      const found = await stores().enterprises.search('华通', 10, 'town-a');
      expect(found.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
      expect(await stores().enterprises.search('华通', 2, 'town-a')).toHaveLength(2);
    });

    it('finds by alias, case-insensitively, and treats regex characters literally', async () => {
      await seed();
      expect(names(await stores().enterprises.search('金鼎', 5))).toEqual(['晋城市金鼎建材有限公司']);
      expect((await stores().enterprises.search('ht casting', 5)).map((e) => e.id)).toEqual(['e2']);
      expect((await stores().enterprises.search('ding (gr', 5)).map((e) => e.id)).toEqual(['e4']);
      expect(await stores().enterprises.search('.*', 5)).toEqual([]);
      expect(await stores().enterprises.search('  ', 5)).toEqual([]);
    });

    it('searches all towns unless scoped to one', async () => {
      await seed();
      expect((await stores().enterprises.search('铸造', 10)).map((e) => e.id).sort()).toEqual(['e2', 'e5']);
      expect((await stores().enterprises.search('铸造', 10, 'town-b')).map((e) => e.id)).toEqual(['e5']);
    });

    it('lists newest first by town and risk level, in pages', async () => {
      for (let i = 0; i < 5; i++) {
        await stores().enterprises.insert(
          minimalEnterprise({ name: `企业${i}`, riskLevel: i % 2 ? 'A' : 'D', createdAt: at('2026-01-01', i) }),
        );
      }
      await stores().enterprises.insert(minimalEnterprise({ name: '外镇企业', townId: 'town-b', riskLevel: 'A' }));
      const first = await stores().enterprises.list({ townId: 'town-a' }, { limit: 3 });
      expect(names(first.items)).toEqual(['企业4', '企业3', '企业2']);
      const rest = await stores().enterprises.list({ townId: 'town-a' }, { limit: 3, after: first.next });
      expect(names(rest.items)).toEqual(['企业1', '企业0']);
      expect(rest).not.toHaveProperty('next');
      const risky = await stores().enterprises.list({ townId: 'town-a', riskLevel: 'A' }, { limit: 10 });
      expect(names(risky.items)).toEqual(['企业3', '企业1']);
    });
  });
}
