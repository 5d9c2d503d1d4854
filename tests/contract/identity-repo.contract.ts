import { describe, expect, it } from 'vitest';
import type { Stores } from '../../domain/ports.js';
import { expectDomainError } from './expect-domain-error.js';
import { at, fullIdentity, minimalIdentity } from './store-fixtures.js';

export function identityRepoContract(stores: () => Stores): void {
  describe('identities: records', () => {
    it('round-trips a full and a minimal identity', async () => {
      const full = fullIdentity();
      const min = minimalIdentity();
      await stores().identities.insert(full);
      await stores().identities.insert({ ...min, username: undefined, townId: undefined });
      expect(await stores().identities.get(full.id)).toStrictEqual(full);
      expect(await stores().identities.getByUsername('li.town')).toStrictEqual(full);
      expect(await stores().identities.get(min.id)).toStrictEqual(min);
      expect(await stores().identities.getByUsername('nobody')).toBeNull();
    });

    it('rejects a taken id or username as DUPLICATE; many may have no username', async () => {
      const i = fullIdentity();
      await stores().identities.insert(i);
      await expectDomainError(stores().identities.insert(fullIdentity({ username: 'other' , id: i.id })), 'DUPLICATE');
      await expectDomainError(stores().identities.insert(fullIdentity()), 'DUPLICATE');
      await stores().identities.insert(minimalIdentity());
      await stores().identities.insert(minimalIdentity());
    });

    it('updates an identity, freeing a dropped username and refusing a taken one', async () => {
      const a = fullIdentity();
      const b = fullIdentity({ username: 'wang.county', role: 'county_official', townId: undefined });
      await stores().identities.insert(a);
      await stores().identities.insert(b);
      await expectDomainError(stores().identities.update({ ...b, username: a.username }), 'DUPLICATE');
      const { username, mustChangePassword: _m, ...rest } = a;
      await stores().identities.update({ ...rest, displayName: '李四（镇）' });
      expect(await stores().identities.get(a.id)).toStrictEqual({ ...rest, displayName: '李四（镇）' });
      await stores().identities.update({ ...b, username });
      expect((await stores().identities.getByUsername(username as string))?.id).toBe(b.id);
      await expectDomainError(stores().identities.update(minimalIdentity()), 'NOT_FOUND');
    });

    it('lists by role and town, oldest first', async () => {
      const t1 = fullIdentity({ username: 't1', createdAt: at('2026-01-01', 2) });
      const t2 = fullIdentity({ username: 't2', createdAt: at('2026-01-01', 1) });
      const t3 = fullIdentity({ username: 't3', townId: 'town-b' });
      const w = minimalIdentity({ townId: 'town-a' });
      for (const i of [t1, t2, t3, w]) await stores().identities.insert(i);
      const ids = async (f: Parameters<Stores['identities']['list']>[0]) =>
        (await stores().identities.list(f)).map((i) => i.id);
      expect(await ids({ role: 'town_official', townId: 'town-a' })).toEqual([t2.id, t1.id]);
      expect(await ids({ townId: 'town-a' })).toHaveLength(3);
      expect(await ids({ role: 'worker' })).toEqual([w.id]);
      expect(await ids({})).toHaveLength(4);
    });
  });

  describe('identities: chat bindings', () => {
    it('binds, rebinds (replacing the old binding), lists and unbinds chats', async () => {
      const a = fullIdentity();
      const b = minimalIdentity();
      await stores().identities.insert(a);
      await stores().identities.insert(b);
      const ids = stores().identities;
      await ids.bind('tg:1', a.id);
      await ids.bind('wecom:li', a.id);
      expect(await ids.byChat('tg:1')).toStrictEqual(a);
      expect(await ids.chatsOf(a.id)).toEqual(['tg:1', 'wecom:li']);

      await ids.bind('tg:1', b.id);
      expect((await ids.byChat('tg:1'))?.id).toBe(b.id);
      expect(await ids.chatsOf(a.id)).toEqual(['wecom:li']);
      expect(await ids.chatsOf(b.id)).toEqual(['tg:1']);

      await ids.unbind('tg:1');
      await ids.unbind('tg:never-bound');
      expect(await ids.byChat('tg:1')).toBeNull();
      expect(await ids.chatsOf(b.id)).toEqual([]);
    });

    it('an identity inserted for a chat is bound to it; a refused insert leaves the chat as it was', async () => {
      const a = minimalIdentity();
      await stores().identities.insert(a, 'web:first-report');
      expect(await stores().identities.byChat('web:first-report')).toStrictEqual(a);
      expect(await stores().identities.chatsOf(a.id)).toEqual(['web:first-report']);
      await expectDomainError(stores().identities.insert(fullIdentity({ id: a.id }), 'web:other'), 'DUPLICATE');
      expect(await stores().identities.byChat('web:other')).toBeNull();
    });

    it('refuses to bind a chat to an unknown identity', async () => {
      await expectDomainError(stores().identities.bind('tg:9', 'no-such-identity'), 'NOT_FOUND');
      expect(await stores().identities.byChat('tg:9')).toBeNull();
    });
  });
}
