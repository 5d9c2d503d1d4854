import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The 督办通知书 form in a real browser: the 确认 box must be ticked, and the page asks once more before a 文号 is used. */
describe.each<StoreKind>(['sqlite', 'mongo'])('issuing a 督办通知书 in Chromium on %s', (kind) => {
  const skip = kind === 'mongo' && !mongoUri;
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let server: Awaited<ReturnType<typeof listen>>;
  let week: Awaited<ReturnType<typeof seedCountyWeek>>;
  let page: Page;
  const shots = screenshotDir(`supervision-trail-${kind}`);

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

  it.skipIf(skip)('declining the confirmation sends nothing; confirming issues 1号 with its .docx link', async () => {
    const { number } = week.cases.major;
    await page.goto(`${server.url}/dashboard/login`);
    await page.fill('input[name=username]', 'lisi');
    await page.fill('input[name=password]', week.county.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/dashboard`);
    await page.goto(`${server.url}/dashboard/cases/${number}`);
    expect(await page.textContent('.level-trail')).toContain('乡镇 → 县级');

    // Closed among the other forms until the official opens it.
    expect(await page.$eval('details.trail-action', (d) => d.hasAttribute('open'))).toBe(false);
    await page.click('summary:has-text("下达督办通知书")');
    const form = 'form[action$="/issue_notice"]';
    // Without the 确认 box the browser does not send the form at all.
    await page.click(`${form} button[type=submit]`);
    expect(await page.$eval(`${form} input[name=confirm]`, (el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
    await page.check(`${form} input[name=confirm]`);
    const declined = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
    await page.click(`${form} button[type=submit]`);
    expect(await declined).toBe('确认下达督办通知书？将占用下一个文号，下达后不能撤回。');
    expect((await h.app.stores.cases.getByNumber(number))!.notice).toBeUndefined();

    const accepted = new Promise<void>((resolve) => page.once('dialog', (d) => void d.accept().then(resolve)));
    await page.click(`${form} button[type=submit]`);
    await accepted;
    await page.waitForURL(/done=issue_notice/);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect(await page.textContent('.notice')).toContain(`${number} 已下达督办通知书`);
    expect(await page.textContent('.trail')).toContain(`泽应急督〔${year}〕1号`);
    expect(await page.getAttribute('a:has-text("下载 .docx")', 'href')).toBe(`/dashboard/cases/${number}/notice.docx`);
    await page.screenshot({ path: join(shots, 'issued.png'), fullPage: true });
  }, 60_000);
});
