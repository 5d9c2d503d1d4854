import { afterEach, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { WebChatClient } from '../../support/web-client.js';
import { deployment, kinds, type Deployment } from './deployment.js';

const ORIGIN = 'http://localhost';
const PIN = 'Safe2026pin';

/** The H5 form as a phone posts it, through the deployment's proxy. */
function h5(d: Deployment, real: string, forged = '') {
  const fetchFn = d.via(real, forged).fetch;
  const form = async () => {
    const html = await (await fetchFn(new Request(`${ORIGIN}/h5`))).text();
    return /name="form_token" value="([^"]+)"/.exec(html)![1]!;
  };
  const post = async (path: string, fields: Record<string, string | File | File[]>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as Array<string | File>).concat(v)) body.append(k, x);
    const res = await fetchFn(new Request(`${ORIGIN}${path}`, { method: 'POST', body, headers: { origin: ORIGIN } }));
    return { status: res.status, html: await res.text() };
  };
  const tip = async (over: Record<string, string | File | File[]> = {}) =>
    post('/h5', { description: '熔炼车间夜班无人监护，除尘器泄爆片被拆除', pin: PIN, pin2: PIN, form_token: await form(), ...over });
  const check = (code: string, pin: string) => post('/h5/status', { code, pin });
  return { form, post, tip, check };
}
const codeOf = (html: string) => /id="receipt-code">([A-Z0-9-]+)</.exec(html)?.[1];
const jpeg = async () => new File([new Uint8Array(await phonePhoto({ r: 90, g: 90, b: 200 }))], 'site.jpg', { type: 'image/jpeg' });

describe.each(kinds)('H5 form, receipt checks and photos on %s', (kind) => {
  let d: Deployment | undefined;
  afterEach(async () => {
    await d?.stop();
    d = undefined;
  });

  it('files one tip when the same form is sent twice: the second answer repeats the first receipt', async () => {
    d = await deployment(kind);
    const phone = h5(d, '198.51.100.30');
    const token = await phone.form();
    const fields = { description: '铸造车间消防通道被废料堵死', pin: PIN, pin2: PIN, form_token: token, photos: await jpeg() };
    const first = await phone.post('/h5', fields);
    const second = await phone.post('/h5', fields);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(codeOf(second.html)).toBe(codeOf(first.html));
    expect(second.html).toContain('这份举报已经提交过');
    expect(await d.tipCases()).toHaveLength(1);
    expect(await d.mediaCount()).toBe(1); // the second copy of the photo was not kept
  });

  it.each([
    ['a photo that is not an image beside a good one', async () => [await jpeg(), new File([new TextEncoder().encode('plain text')], 'b.jpg', { type: 'image/jpeg' })], 400, '不是可识别的图片'],
    ['a named 0-byte photo', async () => [new File([], 'empty.jpg', { type: 'image/jpeg' })], 400, '照片“empty.jpg”是空文件'],
    // The whole form is over the body cap: refused before parsing, so nothing typed can be shown again.
    ['an 11 MB photo', async () => [new File([new Uint8Array(11 * 2 ** 20)], 'huge.jpg', { type: 'image/jpeg' })], 413, '提交的内容太大（上限 8 MB）'],
  ])('refuses %s, files nothing and keeps no photo', async (_what, files, status, words) => {
    d = await deployment(kind);
    const r = await h5(d, '198.51.100.31').tip({ photos: await files() });
    expect(r.status).toBe(status);
    expect(r.html).toContain(words);
    if (status === 400) expect(r.html).toContain('熔炼车间夜班无人监护'); // what was typed is still in the form
    expect(await d.tipCases()).toHaveLength(0);
    expect(await d.mediaCount()).toBe(0);
    expect(d.mediaFiles()).toBe(0); // no orphan file either
  });

  it('tells the tipster a 10,000-character description is too long instead of cutting it, and keeps the text', async () => {
    d = await deployment(kind);
    const long = `起始标记${'车间隐患'.repeat(2499)}`;
    const r = await h5(d, '198.51.100.32').tip({ description: long });
    expect(r.status).toBe(400);
    expect(r.html).toContain('问题描述最多2000字，您写了10000字，未提交');
    expect(r.html).toContain(long.slice(0, 200));
    expect(await d.tipCases()).toHaveLength(0);
  });

  it('refuses a 10 MB body by its Content-Length with 413 and the limit, and a streamed one while reading', async () => {
    d = await deployment(kind);
    const fetchFn = d.via('198.51.100.33').fetch;
    const big = new Uint8Array(10 * 2 ** 20);
    const declared = await fetchFn(new Request(`${ORIGIN}/h5`, { method: 'POST', body: big, headers: { origin: ORIGIN, 'content-type': 'multipart/form-data; boundary=x' } }));
    expect(declared.status).toBe(413);
    expect(await declared.text()).toContain('提交的内容太大（上限 8 MB）');
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        // 12 MB in 1 MB chunks, with no Content-Length: the cap is counted while reading.
        if (sent++ < 12) ctl.enqueue(new Uint8Array(2 ** 20));
        else ctl.close();
      },
    });
    const streamed = await fetchFn(new Request(`${ORIGIN}/h5`, { method: 'POST', body: stream, duplex: 'half', headers: { origin: ORIGIN, 'content-type': 'multipart/form-data; boundary=x' } } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(await d.tipCases()).toHaveLength(0);
  });

  it('limits H5 submissions per real address whatever X-Forwarded-For says, across a restart', async () => {
    d = await deployment(kind);
    for (let i = 0; i < 5; i++) expect((await h5(d, '192.0.2.60', `10.0.0.${i}`).tip()).status).toBe(200);
    await d.restart();
    const sixth = await h5(d, '192.0.2.60', '203.0.113.200').tip();
    expect(sixth.status).toBe(429);
    expect(sixth.html).toContain('操作太频繁');
    expect(await d.tipCases()).toHaveLength(5);
  });

  it('locks a receipt code after 10 wrong PINs from any addresses, for 15 minutes, across a restart; unknown codes answer alike', async () => {
    d = await deployment(kind);
    const code = codeOf((await h5(d, '198.51.100.34').tip()).html)!;
    const unknown = await h5(d, '198.51.100.35').check('K7M2-Q9X4-T8B3', 'Wrong1pin');
    const first = await h5(d, '198.51.100.36').check(code, 'Wrong1pin');
    expect(unknown.html).toContain('举报码或举报密码不正确，还可尝试9次');
    expect(first.html).toContain('举报码或举报密码不正确，还可尝试9次');
    for (let i = 2; i <= 9; i++) {
      const r = await h5(d, `203.0.113.${i}`, '127.0.0.1').check(code, `Wrong${i}pin`);
      expect(r.html).toContain(`还可尝试${10 - i}次`);
    }
    const tenth = await h5(d, '203.0.113.10').check(code, 'Wrong10pin');
    expect(tenth.html).toMatch(/该举报码已暂时锁定，请1[45]分钟后再试/);
    expect((await h5(d, '203.0.113.11').check(code, PIN)).html).toContain('已暂时锁定');
    await d.restart();
    const after = await h5(d, '203.0.113.12').check(code, PIN);
    expect(after.html).toContain('已暂时锁定');
    expect(after.html).not.toContain('举报处理情况');
  });

  it('shares nothing between the same photo in a named report and in a tip, and serves a photo only with a case its viewer may see', async () => {
    d = await deployment(kind);
    const photo = await phonePhoto({ r: 30, g: 160, b: 60 });
    // A worker files a named report with the photo through the web chat.
    const worker = d.via('198.51.100.40').web;
    await worker.choose('m:report');
    await worker.choose(worker.button('r:noent'));
    await worker.say('行车吊钩防脱钩装置损坏，仍在吊运钢包');
    await worker.photos([{ name: 'hook.jpg', type: 'image/jpeg', data: photo }]);
    await worker.choose('r:photos_done');
    await worker.choose(worker.button('r:loc_skip'));
    await worker.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())![0];
    const report = (await d.app.stores.cases.getByNumber(number))!;
    const named = report.beforePhotos[0]!;
    // The same photo as an anonymous tip.
    await h5(d, '198.51.100.41').tip({ photos: new File([new Uint8Array(photo)], 'hook.jpg', { type: 'image/jpeg' }) });
    const tip = (await d.tipCases())[0]!;
    const anonymous = tip.beforePhotos[0]!;
    expect(anonymous.id).not.toBe(named.id);
    const [a, b] = [await d.app.stores.media.get(named.id), await d.app.stores.media.get(anonymous.id)];
    expect(Buffer.from(b!.data).equals(Buffer.from(a!.data))).toBe(true); // the very same clean bytes …
    expect(a!.ref.originalSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b!.ref).toEqual({ id: anonymous.id, bytes: anonymous.bytes, mime: 'image/jpeg' }); // … and no hash, no capture time
    expect(JSON.stringify(tip)).not.toContain(named.id);
    expect(JSON.stringify(tip)).not.toContain(a!.ref.originalSha256!);

    // /media: the reporter sees the photo with its case; a stranger, a wrong case or no case get a refusal.
    const url = `/media/${named.id}?case=${number}`;
    expect((await worker.request(url)).status).toBe(200);
    const stranger = new WebChatClient(d.via('198.51.100.42').fetch);
    const refused = await stranger.request(url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('无权查看这张照片');
    expect((await worker.request(`/media/${named.id}`)).status).toBe(403);
    expect((await worker.request(`/media/${anonymous.id}?case=${number}`)).status).toBe(403);
    expect((await worker.request(`/media/${anonymous.id}?case=${tip.number}`)).status).toBe(403);
    expect((await worker.request(`/media/..%2F..%2Fetc%2Fpasswd?case=${number}`)).status).toBe(403);
  });
});
