import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openContact, sealContact } from '../../../handlers/tips/contact-seal.js';
import { formatReceiptCode, normalizeReceiptCode, tipConfigSchema, tipContactKey } from '../../../handlers/tips/index.js';
import { newReceiptCode, pinProblem } from '../../../handlers/tips/receipt.js';

describe('tip helpers', () => {
  it('makes receipt codes that read back in any spelling', () => {
    const code = newReceiptCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    expect(normalizeReceiptCode(formatReceiptCode(code).toLowerCase())).toBe(code);
    expect(normalizeReceiptCode('K7M2-Q9X4-T8B0')).toBeUndefined(); // 0 is not in the alphabet
  });

  it('refuses PINs that are too short, odd or easy to guess', () => {
    expect(pinProblem('abc12')).toBe('format');
    expect(pinProblem('密码密码密码')).toBe('format');
    expect(pinProblem('888888')).toBe('weak');
    expect(pinProblem('987654')).toBe('weak');
    expect(pinProblem('Zezhou2026')).toBeUndefined();
  });

  it('seals a contact so that only the key, for this very case, opens it', () => {
    const key = randomBytes(32);
    const sealed = sealContact(key, 'case-1', { chat: 'tg:731245689', locale: 'zh-CN' });
    expect(sealed).not.toContain('731245689');
    expect(openContact(key, 'case-1', sealed)).toEqual({ chat: 'tg:731245689', locale: 'zh-CN' });
    expect(() => openContact(key, 'case-2', sealed)).toThrow();
    expect(() => openContact(randomBytes(32), 'case-1', sealed)).toThrow();
  });

  it('accepts a 32-byte base64 TIP_CONTACT_KEY only, without echoing it', () => {
    const key = randomBytes(32).toString('base64');
    expect(tipContactKey(tipConfigSchema.parse({ TIP_CONTACT_KEY: key }))?.byteLength).toBe(32);
    expect(tipContactKey(tipConfigSchema.parse({ TIP_CONTACT_KEY: '' }))).toBeUndefined();
    const short = randomBytes(16).toString('base64');
    const bad = tipConfigSchema.safeParse({ TIP_CONTACT_KEY: short });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).not.toContain(short);
  });
});
