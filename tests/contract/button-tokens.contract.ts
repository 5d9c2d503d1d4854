import { afterEach, describe, expect, it } from 'vitest';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';

export interface ButtonTokenWorld {
  tokens: ButtonTokenRepo;
  /** A second handle on the same backing store: another replica, or this process after a restart. */
  other(): Promise<ButtonTokenRepo>;
  close(): Promise<void>;
}

/** One suite for every ButtonTokenRepo: what a button press after a restart or on another replica relies on. */
export function buttonTokensContract(name: string, open: () => Promise<ButtonTokenWorld>): void {
  describe(`button tokens: ${name}`, () => {
    let w: ButtonTokenWorld | undefined;
    afterEach(async () => {
      await w?.close();
      w = undefined;
    });
    // Expiries lie in the real future: Redis expires keys on its own clock.
    const soon = () => new Date(Date.now() + 3_600_000);
    const later = () => new Date(Date.now() + 7_200_000);

    it('answers null for a token never stored', async () => {
      w = await open();
      expect(await w.tokens.get('~never', new Date())).toBeNull();
    });

    it('gives the value back through another handle (restart, other replica)', async () => {
      w = await open();
      const value = `c:${'ZZ-2026-000123:'.repeat(6)}隐患`;
      await w.tokens.put('~tok1', value, soon());
      expect(await (await w.other()).get('~tok1', new Date())).toBe(value);
    });

    it('stops answering once the expiry has passed', async () => {
      w = await open();
      const expires = soon();
      await w.tokens.put('~tok2', 'v', expires);
      expect(await w.tokens.get('~tok2', new Date(expires.getTime() - 1000))).toBe('v');
      expect(await w.tokens.get('~tok2', new Date(expires.getTime() + 1000))).toBeNull();
    });

    it('a later put moves the expiry forward and an earlier one never shortens it', async () => {
      w = await open();
      const first = soon();
      const second = later();
      await w.tokens.put('~tok3', 'v', first);
      await w.tokens.put('~tok3', 'v', second);
      await w.tokens.put('~tok3', 'v', first);
      expect(await w.tokens.get('~tok3', new Date(first.getTime() + 1000))).toBe('v');
      expect(await w.tokens.get('~tok3', new Date(second.getTime() + 1000))).toBeNull();
    });

    it('two replicas storing the same new token at once both succeed', async () => {
      w = await open();
      const b = await w.other();
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : w!.tokens).put('~tok4', 'same', soon())));
      expect(await b.get('~tok4', new Date())).toBe('same');
    });
  });
}
