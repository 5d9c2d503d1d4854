import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../handlers/accounts.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { FakeWeComServer } from '../../support/fake-wecom-ws.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { WeComBotUser } from './bot-user.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const mongoUri = serviceUrl('MONGODB_URI');

describe.each<StoreKind>(['sqlite', 'mongo'])('WeCom intelligent bot closed loop on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let server: FakeWeComServer;
  const skip = kind === 'mongo' && !mongoUri;

  /** An official created by the admin and bound to their WeCom userid, as /bind would do. */
  async function official(userid: string, role: 'town_official' | 'county_official', townId?: string): Promise<WeComBotUser> {
    const admin = (await h.app.stores.identities.getByUsername('admin'))!;
    const { identity } = await createAccount(
      { identities: h.app.stores.identities, towns: h.app.stores.towns, newId: randomUUID, now: () => new Date() },
      { id: admin.id, role: 'admin' },
      { username: userid, role, townId },
    );
    await h.app.stores.identities.bind(`wecombot:${userid}`, identity.id);
    return new WeComBotUser(server, () => h.app.wecom.idle(), userid);
  }

  beforeAll(async () => {
    if (skip) return;
    server = await FakeWeComServer.start();
    h = await startTestApp(kind, mongoUri, {
      WECOM_BOT_ID: 'bot-test',
      WECOM_BOT_SECRET: server.secret,
      WECOM_WS_URL: server.url,
      WECOM_MEDIA_HOSTS: server.mediaOrigin, // the fake's media server, named like a private deployment's
    });
    await server.waitForAuth();
    for (let i = 0; i < 100 && h.app.wecom.health().aibot?.state !== 'online'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.app.wecom.health().aibot?.state).toBe('online');
    await h.app.stores.enterprises.insert(jintaiFoundry());
  });
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
  });

  it.skipIf(skip)('a worker reports with a photo over the bot, officials close it with card buttons, the worker is told', async () => {
    const worker = new WeComBotUser(server, () => h.app.wecom.idle(), 'worker01');

    // Worker: the menu comes as a button card; every later step is a card click, a text or a photo.
    await worker.say('/start');
    // [长连接] no stream + card: the text finishes its stream, the menu card follows as a push.
    expect(worker.last.find((f) => f.body.stream?.finish)?.body.msgtype).toBe('stream');
    expect(worker.button('上报隐患').key).toBe('m:report');
    const clicked = await worker.click('m:report');
    expect(clicked[0]).toMatchObject({ cmd: 'aibot_respond_update_msg', body: { template_card: { card_type: 'button_interaction', button_list: [{ text: '✅ 📷 上报隐患', key: 'chosen' }] } } });
    expect(worker.text()).toContain('企业的名称');
    await worker.say('金泰铸造');
    expect(worker.text()).toContain('泽州县金泰铸造有限公司');
    await worker.say('熔炼炉旁的冷却水管漏水，地面有积水，靠近钢包');
    expect(worker.text()).toContain('现场照片');
    const sitePhoto = await phonePhoto();
    await worker.photo(sitePhoto); // hosted AES-encrypted, as WeCom serves message images
    expect(worker.text()).toContain('已收到1张照片');
    await worker.click('r:photos_done');
    expect(worker.text()).toContain('隐患位置');
    await worker.click('r:loc_skip');
    expect(worker.text()).toContain('请核对上报内容');
    expect(worker.button('r:submit').card.title).toBe('请核对上报内容：'); // the summary's heading, not its last line
    const submittedFrom = server.frames.length;
    await worker.click('r:submit');
    expect(worker.last[0]?.body.template_card.button_list[0].text).toBe('✅ 确认上报'); // one mark, though the label has its own
    expect(worker.text()).toContain('已自动派至南村镇处理'); // 登记 by 自动派单 is told in the reply itself
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())?.[0];
    expect(number).toBeDefined();

    // The stored photo is the one sent (decrypted), cleaned of EXIF, the original's hash kept as evidence.
    const stored = await h.app.stores.cases.getByNumber(number!);
    // 自动派单: the named enterprise's town, registered by the system.
    expect(stored).toMatchObject({ status: 'registered', townId: 'nancun', enterpriseId: 'ent-1', source: 'worker_report' });
    expect(stored!.beforePhotos).toHaveLength(1);
    expect(stored!.beforePhotos[0]!.originalSha256).toBe(createHash('sha256').update(sitePhoto).digest('hex'));
    const before = await h.app.stores.media.get(stored!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(before!.data)).metadata()).exif).toBeUndefined();
    // The reporter's WeCom chat is now bound to a worker identity, so progress can reach it.
    expect(await h.app.stores.identities.byChat('wecombot:worker01')).toMatchObject({ id: stored!.reporterId, role: 'worker' });

    const town = await official('zhang', 'town_official', 'nancun');
    const county = await official('lisi', 'county_official');

    // Town official (登记 was done by 自动派单): 我的案件 → the case → 评估定级 (一般, 15 days) → 开始整改 → 申请复核 with an after-photo.
    await town.say('我的案件');
    await town.click(`c:${number}`);
    expect(town.text()).toContain('已登记');
    expect(town.button(`a:${number}:assess`).card.title).toBe(`案件 ${number}（已登记）`);
    expect(town.images()).toHaveLength(1); // the before-photo comes with the case
    await town.click(`a:${number}:assess`);
    await town.click('f:sev:general');
    await town.click('f:days:15');
    expect(town.text()).toContain(`${number} 已评估定级`);
    await town.click(`a:${number}:start_rectification`);
    expect(town.text()).toContain('整改中');
    await town.click(`a:${number}:request_review`);
    expect(town.text()).toContain('整改后的现场照片');
    await town.photo(await phonePhoto({ r: 40, g: 200, b: 40 }));
    expect(town.text()).toContain('已收到1张照片');
    await town.click('f:photos_done');
    expect(town.text()).toContain('待复核');
    // The assessor cannot close their own case: it is not offered, and the reason is said.
    expect(town.text()).toContain('复核须由评估人以外的人员进行');

    // County official reviews and closes.
    await county.say(`/case ${number}`);
    expect(county.text()).toContain('待复核');
    await county.click(`a:${number}:approve`);
    await county.say('现场复核合格');
    await county.click('f:confirm');
    expect(county.text()).toContain(`${number} 已复核通过并销号`);

    const closed = await h.app.stores.cases.getByNumber(number!);
    expect(closed?.status).toBe('closed');
    expect(closed?.history.map((e) => e.action)).toEqual(['report', 'register', 'assess', 'start_rectification', 'request_review', 'approve']);
    expect(closed?.beforePhotos).toHaveLength(1);
    expect(closed?.afterPhotos).toHaveLength(1);
    expect(await h.app.stores.media.get(closed!.afterPhotos[0]!.id)).not.toBeNull();

    // The worker's WeCom chat got every later status change as a proactive push, 销号 last.
    const progress = worker
      .pushesSince(submittedFrom)
      .filter((f) => f.body.msgtype === 'markdown' && f.body.markdown.content.startsWith('您上报的隐患有新进展'));
    expect(progress.map((f) => f.body.markdown.content)).toEqual(
      ['已评估', '整改中', '待复核', '已销号'].map((status) => expect.stringMatching(new RegExp(`^您上报的隐患有新进展：${number} · ${status}`))),
    );
  });
});
