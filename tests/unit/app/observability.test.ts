import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../../../app/request-logging.js';
import { memoryLogger, startTestApp } from '../../support/app-harness.js';

describe('access log', () => {
  it('puts the request id on every line the request causes, and no path secrets, query or body', async () => {
    const { log, lines, raw } = memoryLogger();
    const app = new Hono();
    app.use(accessLog(log));
    // A handler that logs through the app's shared logger from deeper async work, as handlers and jobs do.
    app.post('/login/:token', async (c) => {
      await new Promise((r) => setTimeout(r, 5));
      log.info({ step: 'checked' }, 'token checked');
      return c.text('ok');
    });

    const res = await app.request('/login/SECRET-TOKEN-123?pin=4321', {
      method: 'POST',
      headers: { 'x-request-id': 'trace-abc', cookie: 'sid=COOKIE-SECRET' },
      body: '举报内容：某企业夜间偷排',
    });
    expect(res.headers.get('x-request-id')).toBe('trace-abc');
    expect(lines.map((l) => l.reqId)).toEqual(['trace-abc', 'trace-abc']);
    expect(lines.at(-1)).toMatchObject({ msg: 'request completed', req: { method: 'POST' }, route: '/login/:token', res: { status: 200 } });
    expect(typeof lines.at(-1)!.responseTime).toBe('number');
    for (const secret of ['SECRET-TOKEN-123', '4321', 'COOKIE-SECRET', '偷排']) expect(raw.join('\n')).not.toContain(secret);

    // Another request gets its own id (a malformed incoming one is replaced), and lines outside requests have none.
    await app.request('/login/x', { method: 'POST', headers: { 'x-request-id': 'bad id with spaces' } });
    const second = lines.slice(2).map((l) => l.reqId);
    expect(new Set(second).size).toBe(1);
    expect(second[0]).toMatch(/^[0-9a-f-]{36}$/);
    log.info('outside');
    expect(lines.at(-1)).not.toHaveProperty('reqId');
  });
});

describe('/metrics (Prometheus)', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp('sqlite', undefined);
  });
  afterAll(() => t.stop());

  it('counts requests by route pattern and status, and reports cases by status and channel states', async () => {
    await t.app.fetch(new Request('http://x/dashboard/login/SECRET-TOKEN-123'));
    await t.app.fetch(new Request('http://x/healthz'));
    const res = await t.app.fetch(new Request('http://x/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/dashboard\/login\/:token",status="\d+"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(text).not.toContain('SECRET-TOKEN-123');
    expect(text).toContain('zz_cases{status="reported"} 0');
    expect(text).toContain('zz_channel_state{channel="telegram",state="disabled"} 1');
    expect(text).toContain('# TYPE zz_reminder_deliveries_total counter');
    expect(text).toContain('process_resident_memory_bytes');
  });
});
