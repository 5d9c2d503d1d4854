import { describe, expect, it } from 'vitest';
import { cleanText, isAutomatic } from '../../../bot/mail/intake.js';
import { fundsWan, parseHazardPeriod } from '../../../dashboard/stats/hazard-ledger.js';
import { sign, signatureMatches } from '../../../handlers/alerts/credentials.js';

describe('mail intake rules', () => {
  const own = 'jubao@zezhou.gov.cn';
  it('treats machine-written mail as automatic and never answers it (RFC 3834 and de-facto headers)', () => {
    const person = { from: 'someone@example.cn', headers: {} };
    expect(isAutomatic(person, own)).toBe(false);
    expect(isAutomatic({ ...person, headers: { 'auto-submitted': 'no' } }, own)).toBe(false);
    expect(isAutomatic({ ...person, headers: { 'auto-submitted': 'auto-replied' } }, own)).toBe(true);
    expect(isAutomatic({ ...person, headers: { precedence: 'bulk' } }, own)).toBe(true);
    expect(isAutomatic({ ...person, headers: { 'x-autoreply': 'yes' } }, own)).toBe(true);
    expect(isAutomatic({ ...person, headers: { 'list-id': '<news.example.cn>' } }, own)).toBe(true);
    expect(isAutomatic({ from: 'MAILER-DAEMON@example.cn', headers: {} }, own)).toBe(true);
    expect(isAutomatic({ from: 'JuBao@zezhou.gov.cn', headers: {} }, own)).toBe(true);
    expect(isAutomatic({ headers: {} }, own)).toBe(true);
  });

  it('keeps only the new text of a reply, without control or zero-width characters', () => {
    expect(cleanText('通知 abc123\r\n\r\n在 2026年12月7日 写道：\r\n> 举报密码：abc123')).toBe('通知 abc123');
    expect(cleanText('熔炼炉\u200b旁\u0007漏水\ufffd\n\n\n\n钢包   附近')).toBe('熔炼炉旁漏水\n\n钢包 附近');
    expect(cleanText(undefined)).toBe('');
  });
});

describe('16号令 ledger helpers', () => {
  it('reads quarters and years in Shanghai time', () => {
    const q = parseHazardPeriod('2026-q3')!;
    expect(q.label).toBe('2026年第三季度');
    expect(q.start.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(q.end.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(parseHazardPeriod('2026')!.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parseHazardPeriod('2026-Q5')).toBeUndefined();
    expect(parseHazardPeriod('26')).toBeUndefined();
  });

  it('reads the amount of 资金 as typed, in 万元', () => {
    expect(fundsWan('专项资金50万元')).toBe(50);
    expect(fundsWan('企业自筹12.5万')).toBe(12.5);
    expect(fundsWan('8,000元')).toBe(0.8);
    expect(fundsWan('企业自筹')).toBe(0);
    expect(fundsWan(undefined)).toBe(0);
  });
});

describe('alert request signatures', () => {
  it('accepts the exact signature only', () => {
    const sig = sign('s3cret', '1765000000', 'nonce-0123456789ab', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches('s3cret', '1765000000', 'nonce-0123456789ab', '{"a":1}', sig)).toBe(true);
    expect(signatureMatches('s3cret', '1765000000', 'nonce-0123456789ab', '{"a":2}', sig)).toBe(false);
    expect(signatureMatches('s3cret', '1765000001', 'nonce-0123456789ab', '{"a":1}', sig)).toBe(false);
    expect(signatureMatches('other', '1765000000', 'nonce-0123456789ab', '{"a":1}', sig)).toBe(false);
    expect(signatureMatches('s3cret', '1765000000', 'nonce-0123456789ab', '{"a":1}', 'sha256=00')).toBe(false);
  });
});
