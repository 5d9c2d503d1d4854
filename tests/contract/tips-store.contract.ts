import { describe, expect, it } from 'vitest';
import { tipRewards, type Invite, type Tip, type TipStores } from '../../domain/tips.js';
import { expectDomainError } from './expect-domain-error.js';

/** One suite for the tips' ports; each runner gives fresh, empty stores per test. */
export function tipsStoreContract(name: string, fresh: () => Promise<TipStores>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const tip = (over: Partial<Tip> = {}): Tip => ({
    receiptCode: 'K7M2Q9X4T8B3',
    caseId: 'case-1',
    pinHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    channel: 'telegram',
    reward: 'pending',
    ...over,
  });

  describe(`tips store contract: ${name} · tips`, () => {
    it('stores a tip and finds it by receipt code only', async () => {
      const { tips } = await fresh();
      await tips.insert(tip());
      expect(await tips.get('K7M2Q9X4T8B3')).toEqual(tip());
      expect(await tips.get('K7M2Q9X4T8B4')).toBeNull();
    });

    it('refuses a second tip with the same receipt code or for the same case', async () => {
      const { tips } = await fresh();
      await tips.insert(tip());
      await expectDomainError(tips.insert(tip({ caseId: 'case-2' })), 'DUPLICATE');
      await expectDomainError(tips.insert(tip({ receiptCode: 'OTHERCODE234' })), 'DUPLICATE');
    });

    it('sets the reward state by case', async () => {
      const { tips } = await fresh();
      await tips.insert(tip());
      expect(await tips.setReward('case-1', 'eligible')).toBe(true);
      expect((await tips.get('K7M2Q9X4T8B3'))?.reward).toBe('eligible');
      expect(await tips.setReward('no-such-case', 'paid')).toBe(false);
    });

    it('reads the reward state by case: every state round-trips, a case without a tip has none', async () => {
      const { tips } = await fresh();
      await tips.insert(tip());
      await tips.insert(tip({ receiptCode: 'OTHERCODE234', caseId: 'case-2' }));
      expect(await tips.rewardOf('case-1')).toBe('pending');
      for (const reward of tipRewards) {
        await tips.setReward('case-1', reward);
        expect(await tips.rewardOf('case-1')).toBe(reward);
      }
      expect(await tips.rewardOf('case-2')).toBe('pending');
      expect(await tips.rewardOf('no-such-case')).toBeNull();
    });
  });

  describe(`tips store contract: ${name} · tip contacts`, () => {
    it('puts, replaces and deletes the sealed contact of a case', async () => {
      const { tipContacts } = await fresh();
      await tipContacts.put({ caseId: 'case-1', sealed: 'v1.aaa', lastStatus: 'reported' });
      await tipContacts.put({ caseId: 'case-1', sealed: 'v1.aaa', lastStatus: 'registered' });
      expect(await tipContacts.get('case-1')).toEqual({ caseId: 'case-1', sealed: 'v1.aaa', lastStatus: 'registered' });
      await tipContacts.delete('case-1');
      expect(await tipContacts.get('case-1')).toBeNull();
      await tipContacts.delete('case-1'); // deleting twice is harmless
    });
  });

  describe(`tips store contract: ${name} · receipt sessions`, () => {
    it('finds the case of a session until it expires, and nothing for an unknown token hash', async () => {
      const { receiptSessions } = await fresh();
      await receiptSessions.insert({ tokenHash: 'a'.repeat(64), caseId: 'case-1', expiresAt: at(600) }, at(0));
      await receiptSessions.insert({ tokenHash: 'b'.repeat(64), caseId: 'case-2', expiresAt: at(900) }, at(1));
      expect(await receiptSessions.caseOf('a'.repeat(64), at(599))).toBe('case-1');
      expect(await receiptSessions.caseOf('b'.repeat(64), at(599))).toBe('case-2');
      expect(await receiptSessions.caseOf('a'.repeat(64), at(600))).toBeNull(); // expired on the dot
      expect(await receiptSessions.caseOf('c'.repeat(64), at(1))).toBeNull();
    });

    it('forgets expired sessions at the next insert and refuses a second session with the same token hash', async () => {
      const { receiptSessions } = await fresh();
      await receiptSessions.insert({ tokenHash: 'a'.repeat(64), caseId: 'case-1', expiresAt: at(600) }, at(0));
      // Re-inserting the expired hash succeeds only because the insert pruned it first.
      await receiptSessions.insert({ tokenHash: 'a'.repeat(64), caseId: 'case-9', expiresAt: at(1300) }, at(700));
      expect(await receiptSessions.caseOf('a'.repeat(64), at(701))).toBe('case-9');
      await expect(receiptSessions.insert({ tokenHash: 'a'.repeat(64), caseId: 'case-2', expiresAt: at(1400) }, at(702))).rejects.toThrow();
      expect(await receiptSessions.caseOf('a'.repeat(64), at(703))).toBe('case-9');
    });
  });

  describe(`tips store contract: ${name} · invites`, () => {
    const invite = (over: Partial<Invite> = {}): Invite => ({
      codeHash: 'h'.repeat(64),
      role: 'town_official',
      townId: 'nancun',
      createdBy: 'admin-1',
      createdAt: at(0),
      expiresAt: at(3600),
      ...over,
    });

    it('carries the enterprise of an enterprise invite and the enterprises of an expert invite', async () => {
      const { invites } = await fresh();
      await invites.insert(invite({ role: 'enterprise', townId: 'bagong', enterpriseId: 'ent-fs' }));
      expect(await invites.consume('h'.repeat(64), 'id-1', at(10))).toEqual(invite({ role: 'enterprise', townId: 'bagong', enterpriseId: 'ent-fs', usedAt: at(10), usedBy: 'id-1' }));
      const expert = invite({ codeHash: 'e'.repeat(64), role: 'expert', townId: undefined, enterpriseIds: ['ent-fs', 'ent-1'] });
      await invites.insert(expert);
      expect(await invites.consume('e'.repeat(64), 'id-2', at(10))).toEqual({ ...expert, usedAt: at(10), usedBy: 'id-2' });
    });

    it('is used once: the second use and an unknown code get nothing', async () => {
      const { invites } = await fresh();
      await invites.insert(invite());
      expect(await invites.consume('h'.repeat(64), 'id-1', at(10))).toEqual(invite({ usedAt: at(10), usedBy: 'id-1' }));
      expect(await invites.consume('h'.repeat(64), 'id-2', at(11))).toBeNull();
      expect(await invites.consume('x'.repeat(64), 'id-2', at(11))).toBeNull();
    });

    it('cannot be used after it expired', async () => {
      const { invites } = await fresh();
      await invites.insert(invite());
      expect(await invites.consume('h'.repeat(64), 'id-1', at(3600))).toBeNull();
    });

    it('keeps a county invite without a town, and refuses a duplicate hash', async () => {
      const { invites } = await fresh();
      await invites.insert(invite({ role: 'county_official', townId: undefined }));
      await expectDomainError(invites.insert(invite()), 'DUPLICATE');
      const used = await invites.consume('h'.repeat(64), 'id-1', at(1));
      expect(used?.role).toBe('county_official');
      expect(used).not.toHaveProperty('townId');
    });

    it('gives a code raced by several chats to exactly one of them', async () => {
      const { invites } = await fresh();
      await invites.insert(invite());
      const winners = (await Promise.all(Array.from({ length: 8 }, (_, i) => invites.consume('h'.repeat(64), `id-${i}`, at(5))))).filter(Boolean);
      expect(winners).toHaveLength(1);
    });
  });

  describe(`tips store contract: ${name} · update de-duplication`, () => {
    it('claims an update once per source, and again after a release', async () => {
      const { updateDedup: d } = await fresh();
      expect(await d.claim('tg:42', 1001, at(0))).toBe(true);
      expect(await d.claim('tg:42', 1001, at(1))).toBe(false);
      expect(await d.claim('tg:43', 1001, at(1))).toBe(true);
      await d.release('tg:42', 1001);
      expect(await d.claim('tg:42', 1001, at(2))).toBe(true);
    });

    it('lets exactly one of parallel claims win', async () => {
      const { updateDedup: d } = await fresh();
      const wins = await Promise.all(Array.from({ length: 8 }, () => d.claim('tg:42', 7, at(0))));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('forgets claims older than the cut-off only', async () => {
      const { updateDedup: d } = await fresh();
      await d.claim('tg:42', 1, at(0));
      await d.claim('tg:42', 2, at(100));
      expect(await d.prune(at(50))).toBe(1);
      expect(await d.claim('tg:42', 1, at(101))).toBe(true);
      expect(await d.claim('tg:42', 2, at(101))).toBe(false);
    });
  });
}
