import { describe, expect, it } from 'vitest';
import type { ExpertLoop, ExpertLoopRepo } from '../../domain/expert-service.js';
import { expectDomainError } from './expect-domain-error.js';

/** One suite for the 专家服务 loop port; each runner gives a fresh, empty repo per test. */
export function expertLoopsContract(name: string, fresh: () => Promise<ExpertLoopRepo>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const loop = (enterpriseId: string, over: Partial<ExpertLoop> = {}): ExpertLoop => ({
    id: `2026:${enterpriseId}`,
    year: 2026,
    enterpriseId,
    townId: 'bagong',
    visits: [{ at: t0, by: 'expert-1', byName: '赵工', text: '煤气区域未设置固定式报警仪' }],
    createdAt: t0,
    updatedAt: t0,
    version: 0,
    ...over,
  });

  describe(`expert loops contract: ${name}`, () => {
    it('stores a new loop at version 1 and reads every field back', async () => {
      const repo = await fresh();
      const review = { at: new Date('2026-09-01T02:00:00Z'), by: 'expert-1', text: '整改到位' };
      const saved = await repo.save(loop('ent-a', { review }));
      expect(saved.version).toBe(1);
      expect(await repo.get('2026:ent-a')).toEqual({ ...loop('ent-a', { review }), version: 1 });
      expect(await repo.get('2026:nobody')).toBeNull();
    });

    it('refuses a second new loop for the same enterprise and year', async () => {
      const repo = await fresh();
      await repo.save(loop('ent-a'));
      await expectDomainError(repo.save(loop('ent-a')), 'DUPLICATE');
    });

    it('saves a change only over the version it was read at: of two writers from one read, one wins', async () => {
      const repo = await fresh();
      const v1 = await repo.save(loop('ent-a'));
      const visit = (text: string) => ({ ...v1, visits: [...v1.visits, { at: t0, by: 'expert-1', text }] });
      const results = await Promise.allSettled([repo.save(visit('第二次帮扶')), repo.save(visit('第三次帮扶'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
      const stored = (await repo.get('2026:ent-a'))!;
      expect(stored.version).toBe(2);
      expect(stored.visits).toHaveLength(2);
      await expectDomainError(repo.save({ ...loop('ent-b'), version: 3 }), 'NOT_FOUND');
    });

    it('lists a year’s loops, by town when asked', async () => {
      const repo = await fresh();
      await repo.save(loop('ent-a'));
      await repo.save(loop('ent-b', { townId: 'gaodu' }));
      await repo.save(loop('ent-c', { id: '2025:ent-c', year: 2025 }));
      expect((await repo.list({ year: 2026 })).map((l) => l.enterpriseId)).toEqual(['ent-a', 'ent-b']);
      expect((await repo.list({ year: 2026, townId: 'gaodu' })).map((l) => l.enterpriseId)).toEqual(['ent-b']);
      expect(await repo.list({ year: 2027 })).toEqual([]);
    });
  });
}
