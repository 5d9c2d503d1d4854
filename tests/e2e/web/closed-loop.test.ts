import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { WebChatClient } from '../../support/web-client.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const mongoUri = serviceUrl('MONGODB_URI');

describe.each<StoreKind>(['sqlite', 'mongo'])('web chat closed loop on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri);
    await h.app.stores.enterprises.insert(jintaiFoundry());
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('a worker reports with a photo, officials drive it to 销号, the worker is told', async () => {
    const fetch = h.app.fetch;
    const worker = new WebChatClient(fetch);
    await worker.say('/start');
    expect(worker.button('上报隐患')).toBe('m:report');

    // Worker: 上报隐患 dialog.
    await worker.choose('m:report');
    expect(worker.text()).toContain('企业的名称');
    await worker.say('金泰铸造');
    expect(worker.text()).toContain('泽州县金泰铸造有限公司');
    await worker.say('熔炼炉炉前平台有积水，靠近钢包');
    expect(worker.text()).toContain('现场照片');
    await worker.photos([{ name: 'site.jpg', type: 'image/jpeg', data: await phonePhoto() }]);
    expect(worker.text()).toContain('已收到1张照片');
    await worker.choose('r:photos_done');
    await worker.location(35.4833, 112.85);
    expect(worker.text()).toContain('请核对上报内容');
    await worker.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())?.[0];
    expect(number).toBeDefined();

    // The stored photo is clean: no EXIF, so no GPS; the original's hash is kept as evidence.
    const stored = await h.app.stores.cases.getByNumber(number!);
    // 自动派单: the named enterprise is registered in 南村镇, so the report is registered there by the system.
    expect(stored).toMatchObject({ status: 'registered', townId: 'nancun', enterpriseId: 'ent-1', source: 'worker_report', dispatch: { rule: 'enterprise_name' } });
    const photo = await h.app.stores.media.get(stored!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(photo!.data)).metadata()).exif).toBeUndefined();
    expect(stored!.beforePhotos[0]!.originalSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.beforePhotos[0]!.capturedAt).toBeInstanceOf(Date);

    // Admin (one-time password from the first-start log) creates a town and a county official.
    const admin = new WebChatClient(fetch);
    expect(await admin.firstLogin('admin', h.adminPassword)).toBe(200);
    const pw = (text: string) => /：(\w{12})/.exec(text)?.[1] ?? '';
    const townPw = pw(admin.text(await admin.say('/adduser zhang town_official nancun')));
    const countyPw = pw(admin.text(await admin.say('/adduser lisi county_official')));

    // Town official: assess (一般, 15 days) → start rectification → request review with an after-photo.
    const town = new WebChatClient(fetch);
    expect(await town.firstLogin('zhang', townPw)).toBe(200);
    await town.choose('m:cases');
    await town.choose(town.button(`c:${number}`));
    expect(town.text()).toContain('已登记');
    // The official sees handbook suggestions to confirm, never a decision taken for them.
    expect(town.text()).toContain('手册参考（供核实，非自动判定）');
    expect(town.text()).toContain('以上仅为建议，等级由您评估确定');
    await town.choose(town.button(`a:${number}:assess`));
    await town.choose('f:sev:general');
    await town.choose('f:days:15');
    expect(town.text()).toContain('已评估');
    await town.choose(town.button(`a:${number}:start_rectification`));
    expect(town.text()).toContain('整改中');
    await town.choose(town.button(`a:${number}:request_review`));
    await town.photos([{ name: 'after.jpg', type: 'image/jpeg', data: await phonePhoto({ r: 40, g: 200, b: 40 }) }]);
    await town.choose('f:photos_done');
    expect(town.text()).toContain('待复核');
    // The assessor cannot close their own case: it is not offered, and the reason is said.
    expect(town.text()).toContain('复核须由评估人以外的人员进行');
    expect(() => town.button(`a:${number}:approve`)).toThrow();

    // County official reviews and closes.
    const county = new WebChatClient(fetch);
    expect(await county.firstLogin('lisi', countyPw)).toBe(200);
    await county.say(`/case ${number}`);
    await county.choose(county.button(`a:${number}:approve`));
    await county.say('现场复核合格');
    await county.choose('f:confirm');
    expect(county.text()).toContain('已销号');

    const closed = await h.app.stores.cases.getByNumber(number!);
    expect(closed?.status).toBe('closed');
    expect(closed?.history.map((e) => e.action)).toEqual(['report', 'register', 'assess', 'start_rectification', 'request_review', 'approve']);
    expect(closed?.afterPhotos).toHaveLength(1);

    // The worker's page receives the progress pushes.
    const pushes = worker.text(await worker.inbox());
    expect(pushes).toContain(number);
    expect(pushes).toContain('已销号');
  });
});
