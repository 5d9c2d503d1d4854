import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from '../../../domain/index.js';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published real codes', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    expect(isValidCreditCode('91110000100010433L')).toBe(true);
  });

  it('rejects a code whose check character is wrong', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('rejects letters outside the alphabet and wrong lengths', () => {
    expect(isValidCreditCode('91350100M000100I43')).toBe(false); // I is not used
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
  });

  it('normalizes case and surrounding spaces', () => {
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(() => normalizeCreditCode('123')).toThrow(/credit code/);
  });

  it('computes the check character a new code needs', () => {
    const first17 = '91140525MA0K12345';
    expect(isValidCreditCode(first17 + creditCodeCheckChar(first17))).toBe(true);
  });
});
