import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from '../../../bot/web/body-limit.js';

/** Over a real socket, as @hono/node-server serves the app: a body with a length, and one sent in chunks. */
describe('body limit over HTTP', () => {
  let server: ServerType;
  let port = 0;
  const reached: string[] = [];
  beforeAll(async () => {
    const app = new Hono();
    app.post('/', bodyLimit({ maxSize: 100, onError: (c) => c.json({ error: '太大了' }, 413) }), async (c) => {
      const body = (await c.req.json()) as { text: string };
      reached.push(body.text);
      return c.json({ echoed: body.text });
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (chunks: string[], chunked: boolean) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
      const headers = { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(total) }) };
      const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  it('lets a body within the limit through, whole, with a Content-Length or in chunks', async () => {
    expect(await post([JSON.stringify({ text: '炉前积水' })], false)).toEqual({ status: 200, body: { echoed: '炉前积水' } });
    expect(await post(['{"text":', '"钢包', '漏液"}'], true)).toEqual({ status: 200, body: { echoed: '钢包漏液' } });
  });

  it('refuses a body over the limit by its Content-Length, and by counting when it comes in chunks', async () => {
    reached.length = 0;
    const long = JSON.stringify({ text: '危'.repeat(60) });
    expect(await post([long], false)).toEqual({ status: 413, body: { error: '太大了' } });
    expect(await post([long.slice(0, 50), long.slice(50)], true)).toEqual({ status: 413, body: { error: '太大了' } });
    expect(reached).toEqual([]);
  });
});
