import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../domain/rate-limit.js';

export interface RateLimitFixture {
  limits: RateLimits;
  /** Everything the storage holds, as text: what someone reading it would see. */
  dump(): Promise<string>;
  /** A second process on the same storage (a restart, or another replica). */
  reopen(): Promise<RateLimits>;
  close(): Promise<void>;
}

/** One behaviour for every rate-limit backend: counting, peeking, blocking, resetting, persistence. */
export function rateLimitContract(label: string, open: () => Promise<RateLimitFixture>): void {
  describe(`rate limits: ${label}`, () => {
    let f: RateLimitFixture | undefined;
    const fixture = async () => (f = await open());
    afterEach(async () => {
      await f?.close();
      f = undefined;
    });

    it('allows `points` events per window, then refuses with a retry time inside the window', async () => {
      const l = (await fixture()).limits.limiter('c-count', { points: 3, durationMs: 60_000 });
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push(await l.consume('k1'));
      expect(seen.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(seen[2]!.remaining).toBe(0);
      expect(seen[3]!.retryAfterMs).toBeGreaterThan(50_000);
      expect(seen[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect((await l.consume('k2')).allowed).toBe(true);
    });

    it('peek counts nothing and says whether the next event would fit', async () => {
      const l = (await fixture()).limits.limiter('c-peek', { points: 2, durationMs: 60_000 });
      expect(await l.peek('k')).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 });
      await l.consume('k');
      expect((await l.peek('k')).remaining).toBe(1);
      await l.consume('k');
      const d = await l.peek('k');
      expect(d.allowed).toBe(false);
      expect(d.retryAfterMs).toBeGreaterThan(0);
    });

    it('blocks for blockMs once exceeded, and reset forgets the key', async () => {
      const l = (await fixture()).limits.limiter('c-block', { points: 1, durationMs: 2_000, blockMs: 600_000 });
      await l.consume('k');
      const over = await l.consume('k');
      expect(over.allowed).toBe(false);
      expect(over.retryAfterMs).toBeGreaterThan(500_000);
      await l.reset('k');
      expect((await l.consume('k')).allowed).toBe(true);
    });

    it('names keep counts apart and a name cannot change its policy', async () => {
      const { limits } = await fixture();
      const a = limits.limiter('c-a', { points: 1, durationMs: 60_000 });
      const b = limits.limiter('c-b', { points: 1, durationMs: 60_000 });
      await a.consume('same');
      expect((await b.consume('same')).allowed).toBe(true);
      expect(limits.limiter('c-a', { points: 1, durationMs: 60_000 })).toBe(a);
      expect(() => limits.limiter('c-a', { points: 2, durationMs: 60_000 })).toThrow(/another policy/);
      expect(() => limits.limiter('bad name!', { points: 2, durationMs: 60_000 })).toThrow(/letters/);
    });

    it('a window ends: the key is allowed again (and an expired row is replaced, not duplicated)', async () => {
      const l = (await fixture()).limits.limiter('c-expire', { points: 1, durationMs: 1_000 });
      await l.consume('k');
      expect((await l.consume('k')).allowed).toBe(false);
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await l.consume('k')).allowed).toBe(true);
      expect((await l.consume('k')).allowed).toBe(false);
    });

    it('concurrent events on one key are all counted', async () => {
      const l = (await fixture()).limits.limiter('c-race', { points: 5, durationMs: 60_000 });
      const all = await Promise.all(Array.from({ length: 20 }, () => l.consume('k')));
      expect(all.filter((d) => d.allowed)).toHaveLength(5);
    });

    it('stores no key in clear: a chat id or a client address cannot be read back from the storage', async () => {
      const fx = await fixture();
      await fx.limits.limiter('c-clear', { points: 3, durationMs: 60_000 }).consume('tg:731245689');
      await fx.limits.limiter('c-clear', { points: 3, durationMs: 60_000 }).consume('203.0.113.77');
      const all = await fx.dump();
      expect(all).not.toContain('731245689');
      expect(all).not.toContain('203.0.113.77');
      expect(all.length).toBeGreaterThan(0);
    });

    it('counts survive a restart (a new process on the same storage)', async () => {
      const fx = await fixture();
      const policy = { points: 2, durationMs: 60_000 };
      await fx.limits.limiter('c-restart', policy).consume('k');
      await fx.limits.limiter('c-restart', policy).consume('k');
      const again = (await fx.reopen()).limiter('c-restart', policy);
      expect((await again.consume('k')).allowed).toBe(false);
    });
  });
}
