import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../domain/index.js';
import { phonePhoto } from '../../support/images.js';
import { WebChatClient } from '../../support/web-client.js';
import { deployment, kinds, type Deployment } from './deployment.js';

const ORIGIN = 'http://localhost';
const PIN = 'Safe2026pin';

/** A clock the test moves: receipt sessions last 10 minutes. */
function movableClock() {
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  return { clock, advance: (ms: number) => void (offset += ms) };
}

/** A phone browser on the H5 pages: its own cookie jar (the receipt session lands in it after a check). */
function phone(d: Deployment, address: string) {
  const fetchFn = d.via(address).fetch;
  const cookies = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (init.method === 'POST') headers.set('origin', ORIGIN);
    const res = await fetchFn(new Request(`${ORIGIN}${path}`, { ...init, headers }));
    for (const set of res.headers.getSetCookie()) {
      const [name, ...value] = (set.split(';')[0] ?? '').split('=');
      cookies.set(name!, value.join('='));
    }
    return res;
  };
  const post = async (path: string, fields: Record<string, string | File>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const res = await request(path, { method: 'POST', body });
    return { status: res.status, html: await res.text(), setCookies: res.headers.getSetCookie() };
  };
  return {
    cookies,
    request,
    async tip(color: { r: number; g: number; b: number }) {
      const form = await (await request('/h5')).text();
      const token = /name="form_token" value="([^"]+)"/.exec(form)![1]!;
      const photo = new File([new Uint8Array(await phonePhoto(color))], 'site.jpg', { type: 'image/jpeg' });
      const r = await post('/h5', { description: '仓库内违规存放液化气钢瓶，无防倾倒措施', pin: PIN, pin2: PIN, form_token: token, photos: photo });
      return /id="receipt-code">([A-Z0-9-]+)</.exec(r.html)![1]!;
    },
    check: (code: string, pin = PIN) => post('/h5/status', { code, pin }),
  };
}

const imgIds = (html: string) => [...html.matchAll(/<img src="\/media\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));

/** The rows a store keeps for receipt sessions, raw. */
async function storedSessions(d: Deployment): Promise<Array<Record<string, unknown>>> {
  const s = d.app.stores;
  return s.kind === 'sqlite'
    ? (s.db.prepare('SELECT * FROM receipt_sessions').all() as Array<Record<string, unknown>>)
    : s.db.collection('receipt_sessions').find({}).toArray();
}

describe.each(kinds)("a tipster sees their own tip's photos inside a receipt session, on %s", (kind) => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.stop();
    d = undefined;
  });

  it('H5: code + PIN shows the photos of that tip only; other cases, other sessions, no session and an expired one are refused', async () => {
    const time = movableClock();
    d = await deployment(kind, {}, time.clock);
    const alice = phone(d, '198.51.100.70');
    const bob = phone(d, '198.51.100.71');
    const aliceCode = await alice.tip({ r: 200, g: 40, b: 40 });
    const bobCode = await bob.tip({ r: 40, g: 40, b: 200 });
    expect(alice.cookies.has('zz_receipt')).toBe(false); // filing a tip opens no session

    // A wrong PIN opens nothing.
    const wrong = await alice.check(aliceCode, 'Wrong1pin');
    expect(wrong.html).toContain('举报码或举报密码不正确');
    expect(wrong.setCookies.join()).not.toContain('zz_receipt');

    const seen = await alice.check(aliceCode);
    expect(seen.status).toBe(200);
    expect(seen.html).toContain('以上是您举报时上传的照片，只在本浏览器显示10分钟');
    const [aliceId] = imgIds(seen.html);
    const cookie = seen.setCookies.find((c) => c.startsWith('zz_receipt='))!;
    expect(cookie).toMatch(/; Max-Age=600; Path=\/media; HttpOnly; SameSite=Strict$/);
    const stored = (await d.tipCases()).find((c) => c.beforePhotos[0]?.id === aliceId)!;
    expect(stored.beforePhotos.map((p) => p.id)).toEqual([aliceId]);

    const own = await alice.request(`/media/${aliceId}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/jpeg');
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await own.arrayBuffer()).equals(Buffer.from((await d.app.stores.media.get(aliceId!))!.data))).toBe(true);

    const bobId = imgIds((await bob.check(bobCode)).html)[0]!;
    expect(bobId).not.toBe(aliceId);

    const refusal = async (res: Response) => [res.status, ((await res.json()) as { error: string }).error];
    const refused = [403, '您无权查看这张照片（请登录能查看该案件的账号；举报人请重新用举报码和举报密码查询，照片在查询后10分钟内可看）。'];
    expect(await refusal(await alice.request(`/media/${bobId}`))).toEqual(refused); // another case
    expect(await refusal(await bob.request(`/media/${aliceId}`))).toEqual(refused); // another tipster's session
    const stranger = phone(d, '198.51.100.72');
    expect(await refusal(await stranger.request(`/media/${aliceId}`))).toEqual(refused); // no session
    stranger.cookies.set('zz_receipt', 'A'.repeat(43)); // a made-up session
    expect(await refusal(await stranger.request(`/media/${aliceId}`))).toEqual(refused);
    // The case number in the link gives a tipster nothing more.
    expect((await alice.request(`/media/${bobId}?case=${(await d.tipCases()).find((c) => c.beforePhotos[0]?.id === bobId)!.number}`)).status).toBe(403);

    time.advance(10 * 60_000 + 1000);
    expect(await refusal(await alice.request(`/media/${aliceId}`))).toEqual(refused); // expired

    // A new check opens a new session; the store never held the session itself, a chat or an address.
    await alice.check(aliceCode);
    expect((await alice.request(`/media/${aliceId}`)).status).toBe(200);
    const sessions = await storedSessions(d);
    expect(sessions.length).toBeGreaterThanOrEqual(1); // the expired ones are pruned by the next insert
    const token = alice.cookies.get('zz_receipt')!;
    for (const row of sessions) {
      expect(Object.keys(row).sort()).toEqual(kind === 'sqlite' ? ['case_id', 'expires_at', 'token_hash'] : ['_id', 'caseId', 'expiresAt']);
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain('198.51.100');
    }
    expect(d.logs()).not.toContain(token);
    expect(d.logs()).not.toContain(aliceId);
  });

  it('web chat: /tip CODE PIN shows the photos through a receipt cookie, kept apart from the chat session and from any login', async () => {
    d = await deployment(kind);
    const code = await phone(d, '198.51.100.73').tip({ r: 20, g: 180, b: 90 });
    const chat = new WebChatClient(d.via('198.51.100.74').fetch);
    await chat.say('你好'); // an ordinary chat session first
    const reply = await chat.say(`/tip ${code} ${PIN}`);
    expect(chat.text(reply)).toContain('举报处理情况');
    const photos = reply.filter((m) => m.kind === 'photo');
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ caption: '您举报时上传的照片（1）' });
    const url = (photos[0] as { url: string }).url;
    expect(url).toMatch(/^\/media\/[^?]+$/); // no case number and no session in the link
    expect(JSON.stringify(reply)).not.toMatch(/receiptSession/);
    expect((await chat.request(url)).status).toBe(200);

    // Without the receipt cookie the same chat session sees nothing: the session is not tied to the chat.
    chat.dropCookie('zz_receipt');
    expect((await chat.request(url)).status).toBe(403);

    // Nothing stored ties the session to the chat: only hashes, cases and expiries.
    for (const row of await storedSessions(d)) expect(JSON.stringify(row)).not.toMatch(/web:/);
  });
});
