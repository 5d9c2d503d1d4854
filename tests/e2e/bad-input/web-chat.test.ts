import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { deployment, kinds, type Deployment } from './deployment.js';

/** The web chat's JSON and upload doors, on a deployment whose photo limit is 1 MB. */
describe.each(kinds)('web chat bad input on %s', (kind) => {
  let d: Deployment;
  beforeAll(async () => {
    d = await deployment(kind, { MAX_UPLOAD_BYTES: String(2 ** 20) });
  });
  afterAll(async () => d?.stop());

  const postJson = (body: string, address: string) =>
    d.via(address).web.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses a 1 MB message by its size with 413 and the limit, before parsing it', async () => {
    const res = await postJson(JSON.stringify({ kind: 'text', text: '危'.repeat(1024 * 1024) }), '198.51.100.60');
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: string; limitBytes: number };
    expect(body.error).toContain('上限10000字');
    expect(body.limitBytes).toBeGreaterThan(0);
  });

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a BOM and blanks', '\uFEFF  \n'],
    ['nothing at all', ''],
  ])('answers text of %s as empty and starts no dialog', async (_what, text) => {
    const client = d.via('198.51.100.61').web;
    const res = await client.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'text', text }) });
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Array<{ text?: string }> };
    expect(messages.map((m) => m.text).join()).toContain('这条消息是空的');
    expect((await d.app.stores.cases.list({}, { limit: 5 })).items).toHaveLength(0);
  });

  it.each([
    ['text between 10,000 characters and the body cap', '灾'.repeat(10_001), '上限10000字'],
  ])('refuses %s with a clear answer', async (_what, text, words) => {
    const res = await postJson(JSON.stringify({ kind: 'text', text }), '198.51.100.62');
    const { messages } = (await res.json()) as { messages: Array<{ text?: string }> };
    expect(messages.map((m) => m.text).join()).toContain(words);
  });

  it('answers a photo over the limit with 413 and the limit, and stores nothing', async () => {
    const client = d.via('198.51.100.63').web;
    const form = new FormData();
    form.append('photos', new File([new Uint8Array(1.5 * 2 ** 20)], 'big.jpg', { type: 'image/jpeg' }));
    const res = await client.request('/api/chat/photos', { method: 'POST', body: form });
    expect(res.status).toBe(413);
    expect((await res.json()) as object).toEqual({ error: '照片太大（上限 1 MB），请压缩后重新发送。', limitBytes: 2 ** 20 });
  });

  it('answers an upload larger than all photos together may be with 413 by Content-Length', async () => {
    const client = d.via('198.51.100.64').web;
    const res = await client.request('/api/chat/photos', {
      method: 'POST',
      body: new Uint8Array(12 * 2 ** 20),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('上限 1 MB');
  });

  it('names an empty photo file and keeps nothing, then takes a real one', async () => {
    const client = d.via('198.51.100.65').web;
    await client.choose('m:report');
    await client.choose(client.button('r:noent'));
    await client.say('钢包倾翻区域无警戒线');
    expect(client.text(await client.photos([{ name: 'blank.jpg', type: 'image/jpeg', data: new Uint8Array(0) }]))).toContain('照片“blank.jpg”是空文件');
    expect(client.text(await client.photos([{ name: 'site.jpg', type: 'image/jpeg', data: await phonePhoto() }]))).toContain('已收到1张照片');
  });
});
