import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../domain/index.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { WebChatClient } from '../../support/web-client.js';
import { seedCountyWeek } from './county-week.js';
import { FormClient } from './form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');

async function ledger(rows: string[][]): Promise<File> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('台账');
  sheet.addRow(['泽州县南村镇企业基本信息台账']);
  sheet.addRow(['序号', '企业名称', '统一社会信用代码', '所属镇（乡）', '行业类别', '规模以上', '风险等级', '监管层级', '重点领域', '生产状态']);
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
  return new File([new Uint8Array(await wb.xlsx.writeBuffer())], '南村镇台账.xlsx');
}

describe.each<StoreKind>(['sqlite', 'mongo'])('dashboard over HTTP on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let week: Awaited<ReturnType<typeof seedCountyWeek>>;
  const skip = kind === 'mongo' && !mongoUri;
  // The app's clock, moved forward only by the idle-timeout test (and back when it ends).
  let skew = 0;
  const clock = { now: () => new Date(Date.now() + skew) };

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri, { PUBLIC_URL: 'https://aq.zezhou.example' }, { clock });
    week = await seedCountyWeek(h.app.stores);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('refuses strangers, forged forms and wrong passwords; sets a strict HttpOnly session cookie', async () => {
    const anon = new FormClient(h.app.fetch);
    const first = await anon.request('/dashboard/cases');
    expect(first.headers.get('location')).toBe('/dashboard/login');
    expect(first.headers.getSetCookie()[0]).toMatch(/HttpOnly;.*SameSite=Strict/i);
    const login = await anon.request('/dashboard/login');
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('cache-control')).toBe('no-store');

    expect((await anon.post('/dashboard/login', { username: 'lisi', password: 'wrong-password' })).status).toBe(401);
    // A cross-site form post and a post without the session's token are both refused before any work.
    const forged = await anon.request('/dashboard/login', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=lisi&password=x' });
    expect(forged.status).toBe(403);
    const tokenless = await anon.request('/dashboard/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=lisi&password=${week.county.password}` });
    expect(tokenless.status).toBe(403);
  });

  it.skipIf(skip)('the first admin login must replace the one-time password before anything else', async () => {
    const admin = new FormClient(h.app.fetch);
    const login = await admin.post('/dashboard/login', { username: 'admin', password: h.adminPassword });
    expect(login.location).toBe('/dashboard/password');
    expect((await admin.get('/dashboard/cases')).location).toBe('/dashboard/password');
    expect((await admin.post('/dashboard/password', { current: h.adminPassword, next: 'short' }, { csrfFrom: '/dashboard/password' })).html).toContain('至少需要10个字符');
    const changed = await admin.post('/dashboard/password', { current: h.adminPassword, next: 'a-long-new-passphrase' }, { csrfFrom: '/dashboard/password' });
    expect(changed.location).toBe('/dashboard');
    expect((await admin.get('/dashboard/cases')).status).toBe(200);
  });

  it.skipIf(skip)('a town official sees only their town; case pages escape what reporters typed', async () => {
    const evil = await h.app.stores.cases.getByNumber(week.cases.fresh.number);
    await h.app.stores.cases.update({ ...evil!, description: '<script>alert(1)</script>堵塞' });
    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);
    const list = await town.get('/dashboard/cases?town=bagong');
    expect(list.html).toContain(week.cases.overdue.number);
    expect(list.html).not.toContain(week.cases.otherTown.number);
    expect(list.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.html).not.toContain('<script>alert(1)');
    expect((await town.get(`/dashboard/cases/${week.cases.otherTown.number}`)).status).toBe(404);

    const overdue = await town.get('/dashboard/cases?overdue=1');
    expect(overdue.html).toContain(week.cases.overdue.number);
    expect(overdue.html).not.toContain(week.cases.major.number);
    // A tip's timeline names no one.
    const tip = await town.get(`/dashboard/cases/${week.cases.tip.number}`);
    expect(tip.html).toContain('匿名举报人');
    expect(tip.html).not.toContain('anonymous');
    expect((await town.get('/dashboard/audit')).status).toBe(403);
  });

  it.skipIf(skip)('closes an overdue case with an after-photo through the same workflow guards as the chat', async () => {
    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);
    const { number } = week.cases.overdue;
    const page = `/dashboard/cases/${number}`;
    const version = (await h.app.stores.cases.getByNumber(number))!.version;

    // Without a photo the domain refuses, and says why.
    const noPhoto = await town.post(`${page}/request_review`, { version: String(version) }, { csrfFrom: page, multipart: true });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.html).toContain('整改后的现场照片');

    const photo = new File([new Uint8Array(await phonePhoto({ r: 40, g: 200, b: 40 }))], 'after.jpg', { type: 'image/jpeg' });
    const review = await town.post(`${page}/request_review`, { version: String(version), photos: photo, note: '已更换水管' }, { csrfFrom: page, multipart: true });
    expect(review.status).toBe(303);
    // A stale form (the version it was rendered from) is refused rather than applied twice.
    expect((await town.post(`${page}/approve`, { version: String(version) }, { csrfFrom: page })).status).toBe(409);
    const reviewed = (await h.app.stores.cases.getByNumber(number))!.version;
    const approve = await town.post(`${page}/approve`, { version: String(reviewed), note: '现场复核合格' }, { csrfFrom: page });
    expect(approve.location, approve.html.slice(approve.html.indexOf('<main>'), approve.html.indexOf('<main>') + 400)).toBe(`${page}?done=approve`);
    expect((await town.get(approve.location!)).html).toContain('已复核通过并销号');

    const closed = await h.app.stores.cases.getByNumber(number);
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed!.afterPhotos).toHaveLength(1);
    const thumb = await town.request(`${page}/photos/${closed!.afterPhotos[0]!.id}/thumb`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    // A town official cannot close a major hazard: only the county can.
    const major = await town.get(`/dashboard/cases/${week.cases.major.number}`);
    expect(major.html).toContain('挂牌督办');
    expect(major.html).not.toContain('/approve"');
  });

  it.skipIf(skip)('imports a ledger only after confirmation, reporting each bad row', async () => {
    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);
    const validCode = `91140525MA0KX0001${creditCodeCheckChar('91140525MA0KX0001')}`;
    const file = await ledger([
      ['泽州县晋鑫机械有限公司', validCode, '南村镇', '机械', '是', 'C', '镇级', '有限空间', '生产'],
      ['泽州县坏代码建材厂', '91140525MA0KX00012', '南村镇', '建材', '否', '黄', '', '', ''],
      ['泽州县外镇纺织厂', '', '巴公镇', '纺织', '否', 'D', '', '', ''],
      ['泽州县金泰铸造有限公司', '', '南村镇', '机械', '是', 'B', '', '', ''],
      ['泽州县某某农场', '', '火星镇', '农业', '否', 'D', '', '', ''],
    ]);
    const report = await town.post('/dashboard/enterprises/import', { file }, { csrfFrom: '/dashboard/enterprises/import', multipart: true });
    expect(report.status, report.html).toBe(200);
    expect(report.html).toContain('有效 1 行');
    expect(report.html).toContain('统一社会信用代码“91140525MA0KX00012”不正确');
    expect(report.html).toContain('巴公镇的企业只能由该镇（乡）或县局导入');
    expect(report.html).toContain('本镇（乡）已登记同名企业');
    expect(report.html).toContain('“火星镇”不在本县镇（乡）名单中');
    expect(report.html).toContain('行业类别“农业”不在分类标准');
    // Nothing is written until the official accepts the valid rows.
    expect(await h.app.stores.enterprises.search('晋鑫机械', 5)).toEqual([]);
    const id = /\/dashboard\/enterprises\/import\/([\w-]+)/.exec(report.html)?.[1];
    const done = await town.post(`/dashboard/enterprises/import/${id}`, {}, { csrfFrom: '/dashboard/enterprises' });
    expect(done.html).toContain('已导入 1 家企业');
    const [jinxin] = await h.app.stores.enterprises.search('晋鑫机械', 5);
    expect(jinxin).toMatchObject({ townId: 'nancun', riskLevel: 'C', aboveScale: true, flags: ['confined_space'] });
    // The same import cannot be applied twice.
    expect((await town.post(`/dashboard/enterprises/import/${id}`, {}, { csrfFrom: '/dashboard/enterprises' })).status).toBe(409);

    // Raising the risk level is kept in the enterprise's 分级分类 history.
    const edit = `/dashboard/enterprises/${jinxin!.id}`;
    const form = { version: String(jinxin!.version), name: jinxin!.name, creditCode: jinxin!.creditCode!, townId: 'nancun', industry: '机械', riskLevel: 'A', status: 'operating', aboveScale: '1', flags: 'confined_space', note: '检查发现重大隐患' };
    expect((await town.post(edit, form, { csrfFrom: edit })).status).toBe(303);
    const history = await town.get(edit);
    expect(history.html).toMatch(/A（红）[\s\S]*检查发现重大隐患[\s\S]*C（黄）/);

    const template = await town.request('/dashboard/enterprises/template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await template.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toEqual(['企业基本信息台账', '填写说明']);
  });

  it.skipIf(skip)('the county downloads the monthly 通报 naming the late towns; every action is in the audit log', async () => {
    const county = new FormClient(h.app.fetch);
    await county.login('lisi', week.county.password);
    const now = new Date();
    const month = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const res = await county.request(`/dashboard/stats/report.xlsx?month=${month}`);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const text = wb.worksheets[0]!.getSheetValues().flat().map(String).join('\n');
    expect(text).toContain('泽州县安全生产事故隐患排查治理情况通报');
    expect(text).toContain(week.cases.otherTown.number);
    expect(text).toMatch(/截至.*巴公镇（1项）.*存在逾期未整改的事故隐患，现予以通报/);

    const stats = await county.get('/dashboard/stats');
    expect(stats.html).toContain('<svg');
    expect(stats.html).toContain('各镇（乡）逾期未整改');

    const audit = await county.get('/dashboard/audit');
    expect(audit.html).toContain('案件·复核通过并销号');
    for (const action of ['login', 'case.request_review', 'case.approve', 'enterprise.import', 'enterprise.update', 'report.download']) {
      expect(audit.html).toContain(`title="${action}"`);
    }
  });

  it.skipIf(skip)('an official gets a one-time login link from the chat; a preview fetch does not use it up', async () => {
    const chat = new WebChatClient(h.app.fetch);
    await chat.login('zhang', week.town.password);
    const reply = chat.text(await chat.say('/dashboard'));
    const link = /https:\/\/aq\.zezhou\.example(\/dashboard\/login\/[\w-]+)/.exec(reply)?.[1];
    expect(link).toBeDefined();

    const browser = new FormClient(h.app.fetch);
    expect((await browser.get(link!)).status).toBe(200);
    expect((await browser.get(link!)).status).toBe(200);
    const enter = await browser.post(link!, {}, { csrfFrom: link });
    expect(enter.location).toBe('/dashboard');
    expect((await browser.get('/dashboard')).html).toContain('张镇长');
    expect((await new FormClient(h.app.fetch).post(link!, {}, { csrfFrom: link })).status).toBe(403);

    const worker = new WebChatClient(h.app.fetch);
    expect(worker.text(await worker.say('/dashboard'))).toContain('仅供应急管理人员使用');
  });

  it.skipIf(skip)('the county records a tip reward; the town sees it but cannot change it; the tipster sees it with code and PIN', async () => {
    const { receiptCode, caseNumber } = await h.app.tips.submitTip({
      description: '仓库夜间违规储存油漆稀释剂', townId: 'nancun', photos: [], pin: 'Zezhou2026', channel: 'web',
    });
    const page = `/dashboard/cases/${caseNumber}`;
    const code = receiptCode.replace(/(.{4})(?=.)/g, '$1-');

    const town = new FormClient(h.app.fetch);
    await town.login('zhang', week.town.password);
    const seen = await town.get(page);
    expect(seen.html).toContain('举报奖励');
    expect(seen.html).toContain('当前状态：<strong data-reward="pending">待核定</strong>');
    expect(seen.html).toContain('举报奖励由县应急管理局核定');
    expect(seen.html).not.toContain(`${page}/reward`);
    // A hand-made form with a valid session token is still refused on the server.
    const forged = await town.post(`${page}/reward`, { reward: 'paid', current: 'pending' }, { csrfFrom: page });
    expect(forged.status).toBe(403);
    expect(await h.app.tips.rewardOf(caseNumber)).toBe('pending');

    const county = new FormClient(h.app.fetch);
    await county.login('lisi', week.county.password);
    const form = await county.get(page);
    expect(form.html).toContain(`action="${page}/reward"`);
    expect(form.html).toMatch(/<option value="pending" selected>待核定<\/option><option value="eligible">符合奖励条件<\/option><option value="ineligible">不符合奖励条件<\/option><option value="paid">已发放<\/option>/);
    expect(form.html).not.toContain(receiptCode);
    // Without the session's CSRF token nothing happens.
    const tokenless = await county.request(`${page}/reward`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reward=paid&current=pending' });
    expect(tokenless.status).toBe(403);

    const set = await county.post(`${page}/reward`, { reward: 'eligible', current: 'pending' }, { csrfFrom: page });
    expect(set.location).toBe(`${page}?done=reward`);
    const after = await county.get(set.location!);
    expect(after.html).toContain('举报奖励状态已更新为“符合奖励条件”。');
    expect(after.html).toContain('当前状态：<strong data-reward="eligible">符合奖励条件</strong>');
    // A form rendered before that decision does not overwrite it.
    const stale = await county.post(`${page}/reward`, { reward: 'ineligible', current: 'pending' }, { csrfFrom: page });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('奖励状态已被他人修改');
    expect((await county.post(`${page}/reward`, { reward: 'bogus', current: 'eligible' }, { csrfFrom: page })).status).toBe(400);
    // Not a tip: no reward block, and the route does not pretend there is one.
    expect((await county.get(`/dashboard/cases/${week.cases.fresh.number}`)).html).not.toContain('举报奖励');
    expect((await county.post(`/dashboard/cases/${week.cases.fresh.number}/reward`, { reward: 'paid', current: 'pending' }, { csrfFrom: page })).status).toBe(404);

    const audit = await county.get(`/dashboard/audit?target=${encodeURIComponent(`case:${caseNumber}`)}`);
    expect(audit.html).toContain('核定举报奖励');
    expect(audit.html).toContain('title="tip.reward"');
    expect(audit.html).toContain('待核定 → 符合奖励条件');
    expect(audit.html).toContain('李四');
    expect(audit.html).not.toContain(receiptCode);
    expect(audit.html).not.toContain(code);

    // The tipster, with nothing but the receipt code and PIN, now reads the decision.
    const tipster = new WebChatClient(h.app.fetch);
    const reply = tipster.text(await tipster.say(`/tip ${code} Zezhou2026`));
    expect(reply).toContain(caseNumber);
    expect(reply).toContain('奖励：符合奖励条件，请凭举报码和举报密码向县应急管理局申领');
    expect((await h.app.tips.checkTip(receiptCode, 'Zezhou2026')).reward).toBe('eligible');
  });

  it.skipIf(skip)('a dashboard session ends after two idle hours with a message; activity keeps it; the web chat keeps its login', async () => {
    const HOUR = 3600_000;
    const county = new FormClient(h.app.fetch);
    const chat = new WebChatClient(h.app.fetch);
    try {
      await county.login('lisi', week.county.password);
      await chat.login('lisi', week.county.password);
      expect((await county.get('/dashboard/cases')).status).toBe(200);
      // Used every 90 minutes: still signed in three hours after the login.
      skew += 1.5 * HOUR;
      expect((await county.get('/dashboard/cases')).status).toBe(200);
      skew += 1.5 * HOUR;
      expect((await county.get('/dashboard/stats')).status).toBe(200);

      skew += 2 * HOUR + 1000;
      // A form sent after the idle limit is not applied: back to the login page, which says why.
      const tip = `/dashboard/cases/${week.cases.tip.number}`;
      const late = await county.post(`${tip}/reject`, { version: '1', reason: '不属实' }, { csrfFrom: '/dashboard/login' });
      expect(late.status).toBe(303);
      expect(late.location).toBe('/dashboard/login?idle=1');
      expect((await h.app.stores.cases.getByNumber(week.cases.tip.number))?.status).toBe('reported');
      const login = await county.get(late.location!);
      expect(login.html).toContain('您已超过2小时未操作，为保护数据安全已自动退出管理后台，请重新登录。');
      expect((await county.get('/dashboard')).location).toBe('/dashboard/login');

      // The web chat's session and its official login are the web chat's own.
      expect(chat.text(await chat.say('/dashboard'))).toMatch(/https:\/\/aq\.zezhou\.example\/dashboard\/login\//);

      await county.login('lisi', week.county.password);
      expect((await county.get('/dashboard/cases')).status).toBe(200);
      const audit = await county.get('/dashboard/audit');
      expect(audit.html).toContain('超过2小时未操作，自动退出');
    } finally {
      skew = 0;
    }
  });
});
