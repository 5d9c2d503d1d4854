import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../support/app-harness.js';

describe('web chat session', () => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    h = await startTestApp('sqlite', undefined);
  });
  afterAll(async () => h?.stop());

  const post = (body: unknown, cookie?: string) =>
    h.app.fetch(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost', ...(cookie && { cookie }) },
        body: JSON.stringify(body),
      }),
    );

  it('a first visit gets one session cookie, naming the chat its message went to', async () => {
    const first = await post({ kind: 'choice', value: 'm:report' });
    const cookies = first.headers.getSetCookie().filter((c) => c.startsWith('zz_sid='));
    expect(cookies).toHaveLength(1);
    expect(JSON.stringify(await first.json())).toContain('企业的名称');
    const next = await post({ kind: 'text', text: '金泰铸造' }, cookies[0]!.split(';')[0]);
    expect(next.headers.getSetCookie().filter((c) => c.startsWith('zz_sid='))).toEqual([]);
    expect(JSON.stringify(await next.json())).toContain('没有找到名为“金泰铸造”的登记企业'); // the report dialog goes on
  });
});
