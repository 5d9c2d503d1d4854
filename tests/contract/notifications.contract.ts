import { describe, expect, it } from 'vitest';
import type { Notification, NotificationRepo } from '../../domain/notifications.js';
import { expectDomainError } from './expect-domain-error.js';

/** One suite for the personal-notification port; each runner gives a fresh, empty repo per test. */
export function notificationsContract(name: string, fresh: () => Promise<NotificationRepo>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const n = (id: string, over: Partial<Notification> = {}): Notification => ({
    id,
    identityId: 'official-1',
    kind: 'new_case',
    text: `🆕 新隐患 ${id}`,
    caseNumber: 'ZZ-2026-000001',
    urgent: false,
    createdAt: t0,
    ...over,
  });

  describe(`notifications contract: ${name}`, () => {
    it('stores each notification once: the same event delivered twice is refused', async () => {
      const repo = await fresh();
      await repo.insert(n('new_case:c1:official-1'));
      await expectDomainError(repo.insert(n('new_case:c1:official-1')), 'DUPLICATE');
      expect((await repo.list('official-1', { limit: 10 })).items).toEqual([n('new_case:c1:official-1')]);
    });

    it('lists a person’s own, newest first, keyset-paged, and counts the unread', async () => {
      const repo = await fresh();
      for (let i = 0; i < 5; i++) await repo.insert(n(`x${i}`, { createdAt: at(i) }));
      await repo.insert(n('other', { identityId: 'official-2' }));
      const first = await repo.list('official-1', { limit: 3 });
      expect(first.items.map((x) => x.id)).toEqual(['x4', 'x3', 'x2']);
      const second = await repo.list('official-1', { limit: 3, after: first.next });
      expect(second.items.map((x) => x.id)).toEqual(['x1', 'x0']);
      expect(second.next).toBeUndefined();
      expect(await repo.unreadCount('official-1')).toBe(5);
      expect(await repo.unreadCount('official-2')).toBe(1);
    });

    it('marks read by id or all, never another person’s', async () => {
      const repo = await fresh();
      await repo.insert(n('a', { createdAt: at(1) }));
      await repo.insert(n('b', { createdAt: at(2) }));
      await repo.insert(n('c', { identityId: 'official-2' }));
      expect(await repo.markRead('official-1', ['a', 'c'], at(10))).toBe(1);
      expect(await repo.unreadCount('official-1')).toBe(1);
      expect(await repo.unreadCount('official-2')).toBe(1);
      expect(await repo.markRead('official-1', 'all', at(11))).toBe(1);
      expect(await repo.unreadCount('official-1')).toBe(0);
      expect((await repo.list('official-1', { limit: 5 })).items[1]?.readAt).toEqual(at(10));
    });

    it('holds what was not pushed, oldest first, and lets exactly one sender push each', async () => {
      const repo = await fresh();
      await repo.insert(n('late', { createdAt: at(5) }));
      await repo.insert(n('early', { createdAt: at(1) }));
      await repo.insert(n('sent', { createdAt: at(2), pushedAt: at(2) }));
      expect((await repo.unpushed('official-1')).map((x) => x.id)).toEqual(['early', 'late']);
      const claims = await Promise.all([repo.markPushed('early', at(9)), repo.markPushed('early', at(9)), repo.markPushed('early', at(9))]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await repo.unpushed('official-1')).map((x) => x.id)).toEqual(['late']);
    });
  });
}
