import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, kinds, type Deployment } from './deployment.js';

const ORIGIN = 'http://localhost';
const PIN = 'Safe2026pin';
const TEXT = '配电室门口堆放易燃纸箱，灭火器过期';

/**
 * More hostile input at the H5 form, the receipt check and the web chat's JSON door, through the whole
 * app. Each case says what the person sees (status and words) and what is stored (no case, no photo,
 * or exactly the cleaned text). A fresh client address per case keeps the per-address limits out of it.
 */
describe.each(kinds)('H5 and web chat doors, more bad input, on %s', (kind) => {
  let d: Deployment;
  let address = 0;
  const nextAddress = () => `198.51.100.${100 + (++address % 150)}`;
  beforeAll(async () => {
    d = await deployment(kind);
  });
  afterAll(async () => d?.stop());

  /** Posts to an H5 path as a phone does (multipart, same origin) unless the case says otherwise. */
  async function h5Post(path: string, fields: Record<string, string>, opts: { origin?: string | null; body?: RequestInit['body']; type?: string } = {}) {
    const fetchFn = d.via(nextAddress()).fetch;
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const headers: Record<string, string> = {};
    if (opts.origin !== null) headers.origin = opts.origin ?? ORIGIN;
    if (opts.type) headers['content-type'] = opts.type;
    const res = await fetchFn(new Request(`${ORIGIN}${path}`, { method: 'POST', body: opts.body ?? form, headers }));
    const html = await res.text();
    return { status: res.status, html, error: /class="error" role="alert">([^<]*)</.exec(html)?.[1] };
  }
  const formToken = async () => /name="form_token" value="([^"]+)"/.exec(await (await d.via(nextAddress()).fetch(new Request(`${ORIGIN}/h5`))).text())![1]!;
  const tip = async (over: Record<string, string> = {}) => ({ description: TEXT, pin: PIN, pin2: PIN, form_token: await formToken(), ...over });
  const tipCount = async () => (await d.tipCases()).length;

  describe('the H5 tip form refuses, says why, and files nothing', () => {
    it.each<[string, () => Promise<Record<string, string>>, number, string]>([
      ['no form token', async () => ({ description: TEXT, pin: PIN, pin2: PIN }), 400, '表单已失效，请刷新页面后重新填写。'],
      ['a forged form token with markup', () => tip({ form_token: '"><script>x</script>' }), 400, '表单已失效，请刷新页面后重新填写。'],
      ['an empty description', () => tip({ description: '' }), 400, '描述须为5到2000字。'],
      ['a description of blanks and tabs', () => tip({ description: ' \n\t \r\n ' }), 400, '描述须为5到2000字。'],
      ['a description of zero-width characters only', () => tip({ description: '\u200B'.repeat(12) }), 400, '描述须为5到2000字。'],
      ['a description of control characters only', () => tip({ description: '\u0000\u0007\u001B\u007F\u0085\u0000' }), 400, '描述须为5到2000字。'],
      ['a description of direction overrides around 3 characters', () => tip({ description: '\u202E有隐患\u202C\u2066' }), 400, '描述须为5到2000字。'],
      ['a 4-character description', () => tip({ description: '有隐患啊' }), 400, '描述须为5到2000字。'],
      ['a 3-character PIN', () => tip({ pin: 'ab1', pin2: 'ab1' }), 400, '举报密码须为6到20位字母或数字。'],
      ['a 21-character PIN', () => tip({ pin: 'a1'.repeat(10) + 'b', pin2: 'a1'.repeat(10) + 'b' }), 400, '举报密码须为6到20位字母或数字。'],
      ['a PIN in Chinese characters', () => tip({ pin: '举报密码一二三', pin2: '举报密码一二三' }), 400, '举报密码须为6到20位字母或数字。'],
      ['a PIN with a space', () => tip({ pin: 'abc 12345', pin2: 'abc 12345' }), 400, '举报密码须为6到20位字母或数字。'],
      ['a PIN with punctuation', () => tip({ pin: "abc'--1234", pin2: "abc'--1234" }), 400, '举报密码须为6到20位字母或数字。'],
      ['no PIN at all', () => tip({ pin: '', pin2: '' }), 400, '举报密码须为6到20位字母或数字。'],
      ['the PIN 123456', () => tip({ pin: '123456', pin2: '123456' }), 400, '这个密码太容易被猜到，请换一个。'],
      ['the PIN aaaaaaaa', () => tip({ pin: 'aaaaaaaa', pin2: 'aaaaaaaa' }), 400, '这个密码太容易被猜到，请换一个。'],
      ['two different PINs', () => tip({ pin2: 'Other2026pin' }), 400, '两次输入的举报密码不一致。'],
      ['a PIN typed again in other letter case', () => tip({ pin2: PIN.toUpperCase() }), 400, '两次输入的举报密码不一致。'],
    ])('%s', async (_what, fields, status, words) => {
      const before = await tipCount();
      const r = await h5Post('/h5', await fields());
      expect([r.status, r.error]).toEqual([status, words]);
      expect(r.html).toContain('name="form_token"'); // the form is shown again to correct
      expect(await tipCount()).toBe(before);
    });

    it.each<[string, () => Promise<{ body: RequestInit['body']; type: string }>]>([
      ['a JSON body', async () => ({ body: JSON.stringify(await tip()), type: 'application/json' })],
      ['a broken multipart body', async () => ({ body: 'garbage without parts', type: 'multipart/form-data; boundary=zz' })],
      ['a multipart body cut in the middle', async () => ({ body: '--zz\r\nContent-Disposition: form-data; name="description"\r\n\r\n配电室', type: 'multipart/form-data; boundary=zz' })],
    ])('answers %s with the form and a reason, not an error page', async (_what, make) => {
      const before = await tipCount();
      const { body, type } = await make();
      const r = await h5Post('/h5', {}, { body, type });
      expect([r.status, r.error]).toEqual([400, '表单已失效，请刷新页面后重新填写。']);
      expect(await tipCount()).toBe(before);
    });

    it.each([
      ['another site', 'https://evil.example'],
      ['no Origin header at all', null],
    ])('refuses a post from %s in words, as a page', async (_what, origin) => {
      const before = await tipCount();
      const r = await h5Post('/h5', await tip(), { origin });
      expect(r.status).toBe(403);
      expect(r.error).toBe('提交被拒绝：表单只能在本页面填写后直接提交，不能由其他网站或应用转交。请在本页面重新填写提交。');
      expect(await tipCount()).toBe(before);
    });
  });

  describe('the H5 tip form keeps what was meant and drops what was not', () => {
    it('removes control characters, zero-width spaces and direction overrides from the stored description and enterprise', async () => {
      const r = await h5Post('/h5', await tip({ description: `\u202E配电室\u0000门口\u200B堆放\u0007易燃纸箱\uFEFF`, enterprise: '泽州\u0000铸造\u202E厂' }));
      expect(r.status).toBe(200);
      const c = (await d.tipCases()).find((x) => x.description.startsWith('配电室门口'))!;
      expect(c.description).toBe('配电室门口堆放易燃纸箱');
      expect(c.enterpriseName).toBe('泽州铸造厂');
    });

    it('stores markup as text and shows it escaped when the form comes back', async () => {
      const markup = '<img src=x onerror=alert(1)>除尘器泄爆片被拆除';
      const refused = await h5Post('/h5', await tip({ description: markup, pin2: 'Other2026pin' }));
      expect(refused.html).not.toContain('<img src=x');
      expect(refused.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect((await h5Post('/h5', await tip({ description: markup }))).status).toBe(200);
      expect((await d.tipCases()).some((c) => c.description === markup)).toBe(true);
    });

    it('ignores a town that does not exist instead of filing the tip under it', async () => {
      const r = await h5Post('/h5', await tip({ description: '脚手架无连墙件，已向外倾斜', town: '../../etc/passwd' }));
      expect(r.status).toBe(200);
      const c = (await d.tipCases()).find((x) => x.description === '脚手架无连墙件，已向外倾斜')!;
      expect(c.townId).toBeUndefined();
    });
  });

  describe('the H5 receipt check', () => {
    it.each([
      ['an empty code', ''],
      ['a code with 0, O, 1, I and L', 'O0O0-I1I1-L1L1'],
      ['a code in Chinese', '举报码举报码举报码举报码'],
      ['a code one character short', 'K7M2-Q9X4-T8B'],
      ['a 500-character code', 'K'.repeat(500)],
    ])('tells the format for %s, and counts no try against any code', async (_what, code) => {
      const r = await h5Post('/h5/status', { code, pin: PIN });
      expect([r.status, r.error]).toEqual([400, '举报码格式不对：应为12位字母和数字（不含容易看错的0、O、1、I、L），例如 K7M2-Q9X4-T8B3。请核对后重新输入。']);
    });

    it('counts a well-formed code with an empty PIN as a wrong try, without saying whether the code exists', async () => {
      const r = await h5Post('/h5/status', { code: 'k7m2 q9x4 t8b5', pin: '' });
      expect([r.status, r.error]).toEqual([400, '举报码或举报密码不正确，还可尝试9次。']);
    });

    it('answers a broken body with the check form, not an error page', async () => {
      const r = await h5Post('/h5/status', {}, { body: 'garbage', type: 'multipart/form-data; boundary=zz' });
      expect(r.status).toBe(400);
      expect(r.html).toContain('name="code"');
    });
  });

  describe("the web chat's JSON door", () => {
    const post = async (body: string, type = 'application/json') => {
      const res = await d.via(nextAddress()).web.request('/api/chat', { method: 'POST', headers: { 'content-type': type }, body });
      return { status: res.status, body: (await res.json()) as { error?: string; messages?: Array<{ text?: string }> } };
    };

    it.each([
      ['broken JSON', '{kind:'],
      ['a JSON array', '[1,2,3]'],
      ['JSON null', 'null'],
      ['no kind', '{"text":"你好"}'],
      ['an unknown kind', '{"kind":"sticker","id":"x"}'],
      ['a number as text', '{"kind":"text","text":42}'],
      ['an empty button value', '{"kind":"choice","value":""}'],
      ['a 100-character button value', JSON.stringify({ kind: 'choice', value: 'x'.repeat(100) })],
      ['a latitude of 999', JSON.stringify({ kind: 'location', lat: 999, lng: 112.8 })],
      ['a longitude of -200', JSON.stringify({ kind: 'location', lat: 35.5, lng: -200 })],
      ['coordinates as strings', JSON.stringify({ kind: 'location', lat: '35.5', lng: '112.8' })],
    ])('answers %s with 400 and a reason, and starts nothing', async (_what, body) => {
      const cases = async () => (await d.app.stores.cases.list({}, { limit: 200 })).items.length;
      const before = await cases();
      const r = await post(body);
      expect(r).toEqual({ status: 400, body: { error: '输入内容有误，请检查后重试。' } });
      expect(await cases()).toBe(before);
    });

    it.each([
      ['control characters only', '\u0000\u0007\u001B\u007F'],
      ['direction overrides only', '\u202E\u2066\u2069'],
    ])('answers text of %s as empty', async (_what, text) => {
      const r = await post(JSON.stringify({ kind: 'text', text }));
      expect(r.status).toBe(200);
      expect(r.body.messages?.map((m) => m.text)).toEqual(['这条消息是空的（只有空白或不可见字符）。请输入文字。']);
    });

    it('answers a stale or forged button with what to do, and changes nothing', async () => {
      const r = await post(JSON.stringify({ kind: 'choice', value: 'zz:nothing' }));
      expect(r.body.messages?.map((m) => m.text)).toEqual(['这个按钮已过期，请按最新的提示操作。']);
    });

    it('stores a report description without the control and direction characters typed into it', async () => {
      const web = d.via(nextAddress()).web;
      await web.choose('m:report');
      await web.choose(web.button('r:noent'));
      await web.say('行车\u0000吊钩\u202E防脱钩装置\u200B损坏');
      await web.choose(web.button('r:photos_done'));
      await web.choose(web.button('r:loc_skip'));
      await web.choose('r:submit');
      const number = /ZZ-\d{4}-\d{6}/.exec(web.text())![0];
      expect((await d.app.stores.cases.getByNumber(number))!.description).toBe('行车吊钩防脱钩装置损坏');
    });
  });
});
