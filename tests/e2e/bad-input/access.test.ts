import { afterEach, describe, expect, it } from 'vitest';
import { deployment, kinds, type Deployment } from './deployment.js';

describe.each(kinds)('access limits on %s', (kind) => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.stop();
    d = undefined;
  });

  it('the first login must replace its one-time password before the chat does anything, and weak choices are refused', async () => {
    d = await deployment(kind);
    const { web } = d.via('198.51.100.20');
    const login = await web.login('admin', d.adminPassword);
    expect(login.data.mustChangePassword).toBe(true);
    const blocked = await web.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'text', text: '/cases' }) });
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as { error: string }).error).toContain('首次登录须先修改一次性密码');
    const form = new FormData();
    form.append('photos', new File([new Uint8Array([0xff, 0xd8, 0xff])], 'p.jpg', { type: 'image/jpeg' }));
    expect((await web.request('/api/chat/photos', { method: 'POST', body: form })).status).toBe(403);
    const change = (next: string) =>
      web.request('/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: d!.adminPassword, next }) });
    // A form sent without its fields is told so, not taken for a missing login; a chat that is not logged in is refused.
    const incomplete = await web.request('/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ next: '泽州县应急局-新密码-2026' }) });
    expect([incomplete.status, ((await incomplete.json()) as { error: string }).error]).toEqual([400, '请输入当前密码和新密码（密码最多256个字符）。']);
    const stranger = await d.via('198.51.100.29').web.request('/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: 'x', next: '泽州县应急局-新密码-2026' }) });
    expect(stranger.status).toBe(401);
    for (const [next, words] of [
      ['password123', '太常见'],
      ['admin-of-zezhou', '不能包含用户名'],
      [d.adminPassword, '不能与当前的一次性密码相同'],
      ['short', '至少需要10个字符'],
    ] as const) {
      const r = await change(next);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toContain(words);
    }
    const stored = await d.app.stores.identities.getByUsername('admin');
    expect(stored?.mustChangePassword).toBe(true); // nothing was saved by the refusals
    expect((await change('泽州县应急局-新密码-2026')).status).toBe(200);
    expect((await d.app.stores.identities.getByUsername('admin'))?.mustChangePassword).toBe(false);
    expect((await web.say('你好')).length).toBeGreaterThan(0);
  });

  it('tells an over-long username or password apart from a missing one, and counts no try for it', async () => {
    d = await deployment(kind);
    const long = await d.via('198.51.100.31').web.login('admin', 'x'.repeat(10_000));
    expect([long.status, long.data.error]).toEqual([400, '用户名最多64个字符，密码最多256个字符，请检查是否粘贴了多余的内容。']);
    const empty = await d.via('198.51.100.31').web.login('admin', '');
    expect([empty.status, empty.data.error]).toEqual([400, '请输入用户名和密码。']);
    expect((await d.via('198.51.100.32').web.login('admin', d.adminPassword)).status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    d = await deployment(kind);
    const a = await d.via('198.51.100.21').web.login('admin', 'wrong-password-1');
    const b = await d.via('198.51.100.22').web.login('nobody-here', 'wrong-password-1');
    expect([a.status, a.data.error]).toEqual([401, '用户名或密码错误。']);
    expect([b.status, b.data.error]).toEqual([a.status, a.data.error]);
  });

  it('locks an account after 5 tries from any addresses, for the web chat and the dashboard, across a restart', async () => {
    d = await deployment(kind);
    for (let i = 0; i < 5; i++) {
      const r = await d.via(`203.0.113.${i + 1}`, `10.9.9.${i}`).web.login('admin', `guess-${i}-password`);
      expect(r.status).toBe(401);
    }
    const right = await d.via('203.0.113.77').web.login('admin', d.adminPassword);
    expect(right.status).toBe(429);
    expect(right.data.error).toMatch(/登录尝试过于频繁，请1[45]分钟后再试/);
    await d.restart();
    expect((await d.via('203.0.113.78').web.login('admin', d.adminPassword)).status).toBe(429);
    const dash = await d.via('203.0.113.79').form.post('/dashboard/login', { username: 'admin', password: d.adminPassword });
    expect(dash.status).toBe(429);
    expect(dash.html).toContain('登录尝试过于频繁');
  });

  it('limits one client address to 20 tries whatever it writes into X-Forwarded-For, across a restart', async () => {
    d = await deployment(kind);
    for (let i = 0; i < 20; i++) {
      const r = await d.via('192.0.2.50', `1.2.3.${i}, 5.6.7.${i}`).web.login(`user${i}`, 'wrong-password-x');
      expect(r.status).toBe(401);
    }
    await d.restart();
    const forged = await d.via('192.0.2.50', '127.0.0.1').web.login('user99', 'wrong-password-x');
    expect(forged.status).toBe(429);
    // Another real client behind the same proxy is not affected.
    expect((await d.via('192.0.2.51', '192.0.2.50').web.login('user99', 'wrong-password-x')).status).toBe(401);
  });
});
