import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.js';
import { clientAddress, trustForwardedFor } from '../../../bot/web/client-address.js';

const app = (hops: number) => {
  const a = new Hono();
  if (hops > 0) a.use(trustForwardedFor(hops));
  a.get('/', (c) => c.text(clientAddress(c)));
  return a;
};
const from = async (a: Hono, xff?: string) => (await a.request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} })).text();

describe('client address (TRUST_PROXY hops)', () => {
  it('ignores X-Forwarded-For unless the deployment trusts its proxies (it is forgeable)', async () => {
    expect(await from(app(0), '203.0.113.9')).toBe('unknown');
  });

  it.each([
    // [hops, X-Forwarded-For as received, client address the app must use]
    [1, '198.51.100.7', '198.51.100.7'],
    [1, '6.6.6.6, 198.51.100.7', '198.51.100.7'], // the client forged 6.6.6.6; nginx appended the real one
    [1, '1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.7', '198.51.100.7'],
    [2, '6.6.6.6, 198.51.100.7, 10.0.0.2', '198.51.100.7'], // CDN → nginx: two appended entries
    [2, '198.51.100.7, 10.0.0.2', '198.51.100.7'],
    [2, '198.51.100.7', '198.51.100.7'], // fewer entries than hops: the leftmost is the best there is
    [1, '2001:db8::1', '2001:db8::1'],
  ])('hops=%i, X-Forwarded-For "%s" → %s', async (hops, xff, want) => {
    expect(await from(app(hops), xff)).toBe(want);
  });

  it.each(['not-an-ip', '<script>', '', ' , ', '999.1.1.1'])('a last hop that is not an address (%j) falls back to the peer', async (xff) => {
    expect(await from(app(1), xff)).toBe('unknown');
  });

  it('TRUST_PROXY is a number of hops; true means one and junk is refused', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(0);
    expect(loadConfig({}).http.trustProxy).toBe(0);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});
