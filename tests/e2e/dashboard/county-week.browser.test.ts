import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../domain/index.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { launchChromium, listen, screenshotDir } from './browser.js';
import { seedCountyWeek } from './county-week.js';

const mongoUri = serviceUrl('MONGODB_URI');
let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);
afterAll(async () => browser?.close());

async function ledgerWithOneBadRow(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('企业基本信息台账');
  sheet.addRow(['序号', '企业名称', '统一社会信用代码', '所属镇（乡）', '行业类别', '规模以上', '风险等级', '监管层级', '重点领域', '生产状态']);
  const code = (s: string) => `${s}${creditCodeCheckChar(s)}`;
  sheet.addRow([1, '泽州县晋鑫机械有限公司', code('91140525MA0KX0001'), '南村镇', '机械', '是', 'C（黄）', '镇级', '有限空间', '生产']);
  sheet.addRow([2, '泽州县宏达建材有限公司', code('91140525MA0KX0002'), '南村镇', '建材', '否', 'D（蓝）', '镇级', '粉尘涉爆', '生产']);
  sheet.addRow([3, '泽州县错码铸造厂', '91140525MA0KX00039', '南村镇', '冶金', '否', 'B（橙）', '镇级', '', '停产']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each<StoreKind>(['sqlite', 'mongo'])('the county week in Chromium on %s', (kind) => {
  const skip = kind === 'mongo' && !mongoUri;
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let server: Awaited<ReturnType<typeof listen>>;
  let week: Awaited<ReturnType<typeof seedCountyWeek>>;
  let page: Page;
  const shots = screenshotDir(`county-week-${kind}`);
  const shot = (p: Page, name: string) => p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri);
    week = await seedCountyWeek(h.app.stores);
    server = await listen(h.app.fetch);
    page = await (browser.context as BrowserContext).newPage();
    page.setDefaultTimeout(8000);
  });
  afterAll(async () => {
    await page?.close();
    await server?.close();
    await h?.stop();
  });

  it.skipIf(skip)('an official logs in, filters a town’s overdue cases and closes one with an after-photo', async () => {
    await page.goto(`${server.url}/dashboard`);
    await expect.poll(() => page.url()).toContain('/dashboard/login');
    await page.fill('input[name=username]', 'lisi');
    await page.fill('input[name=password]', week.county.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.textContent('h1')).toBe('全县概览');
    await shot(page, '1-home');

    await page.click('nav >> text=隐患案件');
    await page.selectOption('select[name=town]', 'nancun');
    await page.check('input[name=overdue]');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/overdue=1/);
    const rows = page.locator('table.list tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(week.cases.overdue.number);
    await shot(page, '2-filtered');

    await page.click(`text=${week.cases.overdue.number}`);
    await page.click('summary:has-text("申请复核")');
    await page.setInputFiles('form[action$="/request_review"] input[type=file]', {
      name: 'after.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto({ r: 40, g: 180, b: 60 }),
    });
    await page.fill('form[action$="/request_review"] textarea[name=note]', '已更换冷却水管，地面清理干净');
    await page.click('form[action$="/request_review"] button[type=submit]');
    await page.waitForURL(/done=request_review/);
    await page.click('summary:has-text("复核通过并销号")');
    await page.fill('form[action$="/approve"] textarea[name=note]', '现场复核合格，同意销号');
    // Closing asks once more; the official confirms.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.accept().then(() => resolve(d.message()))));
    await page.click('form[action$="/approve"] button[type=submit]');
    expect(await asked).toBe('确认复核通过并销号？');
    await page.waitForURL(/done=approve/);
    expect(await page.textContent('.notice')).toContain('已复核通过并销号');
    expect(await page.locator('.compare img').count()).toBe(2);
    // The thumbnails really load (served by thumbnail(), allowed by the CSP).
    expect(await page.locator('.compare img').evaluateAll((imgs) => imgs.every((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0))).toBe(true);
    await shot(page, '3-closed');
    expect((await h.app.stores.cases.getByNumber(week.cases.overdue.number))?.status).toBe('closed');
  });

  it.skipIf(skip)('imports a town ledger with one bad row, accepting only the valid rows', async () => {
    await page.goto(`${server.url}/dashboard/enterprises/import`);
    await page.selectOption('select[name=townId]', 'nancun');
    await page.setInputFiles('input[name=file]', { name: '南村镇企业基本信息台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await ledgerWithOneBadRow() });
    await page.click('main form button[type=submit]');
    await page.waitForSelector('table.import-report');
    expect(await page.textContent('.summary')).toContain('有效 2 行');
    expect(await page.textContent('tr.invalid')).toContain('统一社会信用代码“91140525MA0KX00039”不正确');
    await shot(page, '4-import-report');
    await page.click('#confirm-import');
    expect(await page.textContent('.summary')).toContain('已导入 2 家企业');
    await page.click('text=返回企业台账');
    expect(await page.locator('table.list tbody tr').count()).toBe(3);
    await shot(page, '5-enterprises');
  });

  it.skipIf(skip)('downloads the monthly 通报 from the statistics page', async () => {
    await page.goto(`${server.url}/dashboard/stats`);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    await shot(page, '6-stats');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    await page.fill('input[name=month]', month);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=下载通报（Excel）')]);
    expect(download.suggestedFilename()).toMatch(/^泽州县安全生产事故隐患排查治理情况通报（\d{4}年\d{1,2}月）\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    const bytes = await readFile((await download.path())!);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String).join('\n');
    expect(cells).toContain(week.cases.otherTown.number);
    expect(cells).toContain('巴公镇（1项）');
  });

  it.skipIf(skip)('a citizen scans the town poster and files a tip with a photo on a phone-sized screen', async () => {
    await page.goto(`${server.url}/dashboard/posters/town/nancun`);
    expect(await page.locator('.poster .qr svg').count()).toBe(1);
    await shot(page, '7-poster');
    const formUrl = (await page.textContent('.poster .url'))!.trim();
    expect(formUrl).toBe(`${server.url}/h5?town=nancun`);

    const phone = await browser.context.newPage();
    try {
      phone.setDefaultTimeout(8000);
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(formUrl);
      expect(await phone.textContent('.context')).toContain('南村镇');
      await phone.fill('textarea[name=description]', '东头铸造车间夜里生产，熔炼炉旁的消防通道被废料堵死');
      await phone.fill('input[name=enterprise]', '金泰铸造');
      await phone.setInputFiles('input[name=photos]', { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
      await phone.fill('input[name=pin]', 'safe2026');
      await phone.fill('input[name=pin2]', 'safe2026');
      await shot(phone, '8-h5-form');
      await phone.click('button[type=submit]');
      const code = (await phone.textContent('#receipt-code'))!.trim();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await shot(phone, '9-h5-receipt');

      await phone.click('text=查询处理进度');
      await phone.fill('input[name=code]', code);
      await phone.fill('input[name=pin]', 'safe2026');
      await phone.click('button[type=submit]');
      // The tip names a registered enterprise: 自动派单 registered it in that enterprise's town at once.
      expect(await phone.textContent('.receipt')).toContain('已登记');
      await shot(phone, '10-h5-status');
    } finally {
      await phone.close();
    }

    // The official sees the tip, with its photo stripped of EXIF and no one named.
    await page.goto(`${server.url}/dashboard/cases?source=anonymous_tip&enterprise=${encodeURIComponent('金泰铸造')}`);
    await page.click('table.list tbody tr >> nth=0 >> a');
    expect(await page.textContent('.timeline')).toContain('匿名举报人');
    const number = (await page.textContent('h1'))!.replace('案件 ', '').trim();
    const tip = await h.app.stores.cases.getByNumber(number);
    expect(tip).toMatchObject({ source: 'anonymous_tip', enterpriseId: 'ent-jintai', townId: 'nancun' });
    const stored = await h.app.stores.media.get(tip!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(stored!.data)).metadata()).exif).toBeUndefined();
  });
});
