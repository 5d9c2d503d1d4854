import { randomBytes } from 'node:crypto';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../handlers/accounts.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { jintaiFoundry } from '../../support/sample-data.js';
import { WebChatClient } from '../../support/web-client.js';
import { FormClient } from './form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
const CALLER = '13912345678';

describe.each<StoreKind>(['sqlite', 'mongo'])('phone and letter tips recorded by staff on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let staff: FormClient;
  let staffId: string;
  const skip = kind === 'mongo' && !mongoUri;


  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri, { TIP_CONTACT_KEY: randomBytes(32).toString('base64') });
    await h.app.stores.enterprises.insert(jintaiFoundry());
    const admin = (await h.app.stores.identities.getByUsername('admin'))!;
    const accounts = { identities: h.app.stores.identities, towns: h.app.stores.towns, newId: () => crypto.randomUUID(), now: () => new Date() };
    const wang = await createAccount(accounts, { id: admin.id, role: 'admin' }, { username: 'wangwu', role: 'county_official', displayName: '王五' });
    await h.app.stores.identities.update({ ...wang.identity, mustChangePassword: false });
    staffId = wang.identity.id;
    staff = new FormClient(h.app.fetch);
    await staff.login('wangwu', wang.password);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('a phone tip: code and PIN read back, checked in the web chat; staff named as recorder; the number only sealed', async () => {
    const r = await staff.post(
      '/dashboard/tips',
      { channel: 'phone', description: '金泰铸造熔炼车间夜班无人监护，除尘器泄爆片被拆除', enterpriseName: '金泰铸造', pin: 'Caller2026', notify: '1', contact: CALLER },
      { csrfFrom: '/dashboard/tips', multipart: true },
    );
    expect(r.status).toBe(200);
    const code = /data-code>([^<]+)</.exec(r.html)?.[1] ?? '';
    const number = /ZZ-\d{4}-\d{6}/.exec(r.html)?.[0] ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(r.html).toContain('data-pin>Caller2026<');
    expect(r.html).toContain('逐字读出');
    expect(r.html).not.toContain(CALLER);

    // The caller checks later in the web chat, with nothing but the code and the PIN.
    const caller = new WebChatClient(h.app.fetch);
    await caller.say(`/tip ${code}`);
    const status = caller.text(await caller.say('Caller2026'));
    expect(status).toContain(number);
    expect(status).toContain('举报处理情况');

    const c = (await h.app.stores.cases.getByNumber(number))!;
    expect(c).toMatchObject({ source: 'anonymous_tip', townId: 'nancun', enterpriseId: 'ent-1' });
    expect(c.reporterId).toBeUndefined();
    expect(c.history[0]).toMatchObject({ action: 'report', actorId: staffId, actorRole: 'county_official', note: '代录（电话）' });
    // The case page names the recorder, not a reporter.
    const detail = await staff.get(`/dashboard/cases/${number}`);
    expect(detail.html).toContain('王五（县应急管理局）');
    expect(detail.html).toContain('代录（电话）');

    // Calling back later, the caller reads code and PIN to the hotline; a wrong PIN says how many tries are left.
    const wrong = await staff.post('/dashboard/tips/check', { code, pin: 'Wrong2026' }, { csrfFrom: '/dashboard/tips' });
    expect(wrong.html).toMatch(/举报码或举报密码不正确，还可尝试\d+次/);
    const right = await staff.post('/dashboard/tips/check', { code, pin: 'Caller2026' }, { csrfFrom: '/dashboard/tips' });
    expect(right.html).toContain(number);
    expect(right.html).toContain('奖励：待核定');

    // The caller's number: nowhere in the clear, in the store or in the logs; a sealed contact exists for the case.
    expect(await h.storeDump()).not.toContain(CALLER);
    expect(h.logs.raw.join('\n')).not.toContain(CALLER);
    const tipStores = h.app.stores.kind === 'mongo' ? await h.app.stores.db.collection('tip_contacts').countDocuments({ _id: c.id as never }) : (h.app.stores.db.prepare('SELECT count(*) AS n FROM tip_contacts WHERE case_id = ?').get(c.id) as { n: number }).n;
    expect(tipStores).toBe(1);
  });

  it.skipIf(skip)('a number typed without the caller’s consent is not kept at all', async () => {
    const other = '13800009999';
    const r = await staff.post(
      '/dashboard/tips',
      { channel: 'phone', description: '某铸造厂有限空间作业无人监护，无气体检测', contact: other },
      { csrfFrom: '/dashboard/tips', multipart: true },
    );
    expect(r.status).toBe(200);
    const pin = /data-pin>([^<]+)</.exec(r.html)?.[1] ?? '';
    expect(pin).toMatch(/^[a-z0-9]{8}$/);
    const number = /ZZ-\d{4}-\d{6}/.exec(r.html)![0];
    const c = (await h.app.stores.cases.getByNumber(number))!;
    expect(c.townId).toBeUndefined();
    expect(await h.storeDump()).not.toContain(other);
    const contacts = h.app.stores.kind === 'mongo' ? await h.app.stores.db.collection('tip_contacts').countDocuments({ _id: c.id as never }) : (h.app.stores.db.prepare('SELECT count(*) AS n FROM tip_contacts WHERE case_id = ?').get(c.id) as { n: number }).n;
    expect(contacts).toBe(0);
  });

  it.skipIf(skip)('a letter with its scanned pages; a printable reply slip carries the code and PIN; bad input keeps the draft', async () => {
    const scan = new File([new Uint8Array(await phonePhoto())], 'letter-page-1.jpg', { type: 'image/jpeg' });
    const r = await staff.post(
      '/dashboard/tips',
      { channel: 'letter', description: '来信反映：某公司煤气柜区域长期无人巡检，报警器损坏', townId: 'bagong', photos: scan },
      { csrfFrom: '/dashboard/tips', multipart: true },
    );
    expect(r.status).toBe(200);
    const code = /data-code>([^<]+)</.exec(r.html)![1]!;
    const pin = /data-pin>([^<]+)</.exec(r.html)![1]!;
    const number = /ZZ-\d{4}-\d{6}/.exec(r.html)![0];
    const c = (await h.app.stores.cases.getByNumber(number))!;
    expect(c.townId).toBe('bagong');
    expect(c.beforePhotos).toHaveLength(1);
    expect(c.beforePhotos[0]!.originalSha256).toBeUndefined();
    expect(c.history[0]!.note).toBe('代录（信箱）');

    const slip = await staff.request('/dashboard/tips/slip', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: await staff.csrf('/dashboard/tips'), caseNumber: number, code, pin, channel: 'letter', checkUrl: 'https://aq.zezhou.example/h5' }),
    });
    expect(slip.status).toBe(200);
    expect(slip.headers.get('content-type')).toContain('wordprocessingml');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await slip.arrayBuffer()) });
    expect(value).toContain('举报受理回执');
    expect(value).toContain(code);
    expect(value).toContain(pin);
    expect(value).toContain(number);
    expect(value).toContain('信箱');

    const bad = await staff.post('/dashboard/tips', { channel: 'phone', description: '短', pin: '123456' }, { csrfFrom: '/dashboard/tips', multipart: true });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('举报密码');
    expect(bad.html).toContain('>短</textarea>');
    const noChannel = await staff.post('/dashboard/tips', { description: '某厂配电室门口堆放易燃物' }, { csrfFrom: '/dashboard/tips', multipart: true });
    expect(noChannel.status).toBe(400);
    expect(noChannel.html).toContain('请选择举报渠道');
    expect(noChannel.html).toContain('某厂配电室门口堆放易燃物');
  });
});
