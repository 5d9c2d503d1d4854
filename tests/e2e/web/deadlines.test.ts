import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { WebChatClient } from '../../support/web-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
// 20 June 2026, 10:00 in Zezhou: the May ledger is late, the June tasks are due within two weeks.
const clock = { now: () => new Date('2026-06-20T02:00:00Z') };

describe.each<StoreKind>(['sqlite', 'mongo'])('deadlines and the town task board in chat on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let town: WebChatClient;
  let county: WebChatClient;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri, {}, { clock });
    const admin = new WebChatClient(h.app.fetch);
    expect(await admin.firstLogin('admin', h.adminPassword)).toBe(200);
    const pw = (t: string) => /：(\w{12})/.exec(t)?.[1] ?? '';
    const townPw = pw(admin.text(await admin.say('/adduser wang town_official gaodu')));
    const countyPw = pw(admin.text(await admin.say('/adduser zhao county_official')));
    town = new WebChatClient(h.app.fetch);
    expect(await town.firstLogin('wang', townPw)).toBe(200);
    county = new WebChatClient(h.app.fetch);
    expect(await county.firstLogin('zhao', countyPw)).toBe(200);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('a town acknowledges a task once and completes one that needs an attachment', async () => {
    await town.say('/tasks');
    expect(town.text()).toContain('建立本辖区企业基本信息台账并上报县局');
    expect(town.text()).toContain('完成时限：2026-05-31');
    await town.choose(town.button('k:ack:grading-ledger'));
    expect(town.text()).toContain('已确认收到该任务');
    await town.choose('k:ack:grading-ledger'); // the same button pressed again
    expect(town.text()).toContain('无需重复操作');

    await town.choose('k:done:basic-ledger');
    expect(town.text()).toContain('该任务需要附件');
    await town.photos([{ name: 'ledger.jpg', type: 'image/jpeg', data: await phonePhoto() }]);
    expect(town.text()).toContain('已标记完成');
    expect(town.text()).toContain('已超过完成时限');
  });

  it.skipIf(skip)('the county sees which towns are late, for its 通报', async () => {
    await county.say('/tasks');
    const text = county.text();
    expect(text).toContain('逾期任务情况');
    // Gaodu delivered its May ledger late in the previous test; every other town has not delivered it.
    expect(text).toMatch(/基本信息台账并上报县局（2026-05-31）\n {2}未完成：[^\n]*南村镇[^\n]*\n {2}逾期完成：高都镇/);
    expect(/未完成：[^\n]*高都镇/.test(text.split('分级分类')[0]!)).toBe(false);
  });

  it.skipIf(skip)('an assessed case appears in the town\'s upcoming deadlines', async () => {
    const worker = new WebChatClient(h.app.fetch);
    await worker.say('/report');
    await worker.choose('r:noent');
    await worker.say('铸造车间地坑有限空间无警示标志');
    await worker.choose('r:photos_done');
    await worker.choose('r:loc_skip');
    await worker.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())![0];

    await county.say(`/case ${number}`);
    await county.choose(county.button(`a:${number}:register`));
    await county.choose('f:town:gaodu');
    await town.say(`/case ${number}`);
    await town.choose(town.button(`a:${number}:assess`));
    await town.choose('f:sev:general');
    await town.say('2026-06-24');
    expect(town.text()).toContain('已评估');

    await town.say('/deadlines');
    expect(town.text()).toContain(`${number}`);
    expect(town.text()).toContain('2026-06-24 到期（剩4天）');
    // The county's view of the same lists groups by town.
    await county.say('/deadlines');
    expect(county.text()).toContain(number);
  });
});
