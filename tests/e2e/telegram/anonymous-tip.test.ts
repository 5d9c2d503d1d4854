import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import type { StoreKind } from '../../support/app-harness.js';
import { randomKey, startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

const mongoUri = serviceUrl('MONGODB_URI');
/** Distinctive values, so that finding them anywhere means they were stored or logged. */
const TIPSTER = { id: 731245689, userName: 'wangwu_tipster_x', firstName: 'Wangwuxyz' };

describe.each<StoreKind>(['sqlite', 'mongo'])('Telegram: an anonymous tip on %s', (kind) => {
  let w: TelegramWorld;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (!skip) w = await startTelegramWorld(kind, mongoUri, { contactKey: randomKey() });
  });
  afterAll(async () => w?.stop());

  /** Nothing in the database, nor in the logs, can lead back to the tipster. */
  async function expectNoTraceOfTipster() {
    const haystacks = { stores: await w.dump(), logs: w.logs.raw.join('\n') };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of [String(TIPSTER.id), TIPSTER.userName, TIPSTER.firstName]) {
        expect(text.includes(needle), `${needle} found in ${where}`).toBe(false);
      }
    }
  }

  it.skipIf(skip)('a tipster sends a tip with a photo, gets notices, checks it by code and PIN; nothing identifies them', async () => {
    const tipster = w.user(TIPSTER.id, { userName: TIPSTER.userName, firstName: TIPSTER.firstName });
    await tipster.say('/start');
    await tipster.press(tipster.button('匿名举报'));
    expect(tipster.text()).toContain('本系统不保存您的 Telegram 账号');
    await tipster.press('t:go');
    await tipster.say('某焦化厂煤气柜区域CO报警器长期关闭，夜班无人巡检');
    await tipster.say('某某焦化有限公司');
    // A photo sent as a file keeps its EXIF (GPS, camera) on Telegram's side: it must not survive here.
    const file = w.gateway.hostFile(await phonePhoto());
    await tipster.send({ document: { ...file, file_name: 'IMG_2041.jpg', mime_type: 'image/jpeg' } });
    expect(tipster.text()).toContain('已收到1张照片');
    await tipster.press('t:photos_done');
    expect(tipster.text()).toContain('进展通知：不接收');
    await tipster.press('t:notify_on');
    await tipster.press('t:pin');
    // While the dialog runs, its state is keyed by the chat (the search below would find it)…
    expect(await w.dump()).toContain(`tg:${TIPSTER.id}`);
    await tipster.say('Jb2026safe');
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(tipster.text())![1]!;
    expect(tipster.text()).toContain('只显示这一次');
    await tipster.say(`${code} Jb2026safe`);
    const number = /ZZ-\d{4}-\d{6}/.exec(tipster.text())![0];
    // …and once the tip is in, it is gone.
    expect(await w.dump()).toContain(number);

    const c = await w.stores.cases.getByNumber(number);
    expect(c).toMatchObject({ source: 'anonymous_tip', enterpriseName: '某某焦化有限公司' });
    expect(c).not.toHaveProperty('reporterId');
    expect(c!.beforePhotos[0]).toEqual({ id: expect.any(String), mime: 'image/jpeg', bytes: expect.any(Number) });
    const photo = await w.stores.media.get(c!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(photo!.data)).metadata()).exif).toBeUndefined();
    expect(photo!.ref).not.toHaveProperty('originalSha256');
    await expectNoTraceOfTipster();

    // An official registers the case: the opted-in tipster hears about it through Telegram.
    await w.stores.identities.insert({ id: 'county-1', displayName: '县局李四', role: 'county_official', createdAt: new Date() });
    await w.stores.identities.bind('tg:900003', 'county-1');
    const county = w.user(900003);
    await county.say(`/case ${number}`);
    expect(county.text()).toContain('来源：匿名举报');
    expect(county.text()).not.toContain(TIPSTER.firstName);
    await county.press(county.button(`a:${number}:register`));
    await county.press('f:town:nancun');
    expect(county.text()).toContain('已登记');
    const notice = await tipster.replies();
    expect(tipster.text(notice)).toContain(`您的匿名举报（案件 ${number}）有新进展：已登记`);

    // Later, from any chat: /tip <code>, a wrong PIN, then the right one.
    await tipster.say(`/tip ${code}`);
    expect(tipster.text()).toContain('请输入举报密码');
    await tipster.say('Wrong2026pin');
    expect(tipster.text()).toContain('还可尝试9次');
    const sentPhotos = () => w.gateway.photos.filter((p) => p.chatId === String(TIPSTER.id));
    expect(sentPhotos()).toHaveLength(0); // a wrong PIN shows nothing
    await tipster.say(`/tip ${code.replaceAll('-', '').toLowerCase()} Jb2026safe`);
    expect(tipster.text()).toContain(`举报处理情况（案件 ${number}）`);
    expect(tipster.text()).toContain('状态：已登记');
    expect(tipster.text()).toContain('奖励：待核定');
    // The right one also shows the tip's own photo (the clean copy), to this chat only.
    expect(sentPhotos().map((p) => p.caption)).toEqual(['您举报时上传的照片（1）']);
    expect(sentPhotos()[0]!.data.equals(Buffer.from(photo!.data))).toBe(true);
    await expectNoTraceOfTipster();
  });
});
