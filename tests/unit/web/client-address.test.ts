import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustForwardedFor } from '../../../bot/web/client-address.js';

const app = (trust: boolean) => {
  const a = new Hono();
  if (trust) a.use(trustForwardedFor());
  a.get('/', (c) => c.text(clientAddress(c)));
  return a;
};
const from = async (a: Hono, xff?: string) => (await a.request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} })).text();

describe('client address', () => {
  it('ignores X-Forwarded-For unless the deployment trusts its proxy (it is forgeable)', async () => {
    expect(await from(app(false), '203.0.113.9')).toBe('unknown');
  });

  it('takes the first X-Forwarded-For hop behind a trusted proxy', async () => {
    expect(await from(app(true), '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
    expect(await from(app(true))).toBe('unknown');
  });
});
