import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import type { StoreKind } from '../../support/app-harness.js';
import { startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const mongoUri = serviceUrl('MONGODB_URI');

describe.each<StoreKind>(['sqlite', 'mongo'])('Telegram: a worker reports a hazard on %s', (kind) => {
  let w: TelegramWorld;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    w = await startTelegramWorld(kind, mongoUri);
    await w.stores.enterprises.insert(jintaiFoundry());
  });
  afterAll(async () => w?.stop());

  it.skipIf(skip)('with an album of 3 photos and a location: one report, stripped photos, registered commands', async () => {
    expect(w.gateway.commands.map((c) => c.language_code ?? 'default')).toEqual(['default', 'en']);
    expect(w.gateway.commands[0]!.commands.find((c) => c.command === 'tip')?.description).toBe('匿名举报 / 查询举报');

    const worker = w.user(731001, { firstName: '王师傅' });
    await worker.say('/start');
    expect(worker.button('上报隐患')).toBe('m:report');
    await worker.press('m:report');
    expect(worker.text()).toContain('企业的名称');
    await worker.say('金泰铸造');
    expect(worker.text()).toContain('泽州县金泰铸造有限公司');
    await worker.say('熔炼炉旁的冷却水管漏水，地面有积水，靠近钢包');
    expect(worker.text()).toContain('现场照片');

    const colors = [{ r: 200, g: 40, b: 40 }, { r: 40, g: 200, b: 40 }, { r: 40, g: 40, b: 200 }];
    for (const [i, color] of colors.entries()) {
      const file = w.gateway.hostFile(await phonePhoto(color));
      await worker.send({ media_group_id: 'album-1', photo: [{ ...file, width: 90, height: 90 }, file], ...(i === 0 && { caption: '现场' }) }, false);
    }
    const album = await worker.replies();
    expect(album.filter((m) => m.text.includes('已收到3张照片'))).toHaveLength(1);
    await worker.press('r:photos_done');
    await worker.send({ location: { latitude: 35.4833, longitude: 112.85 } });
    expect(worker.text()).toContain('请核对上报内容');
    expect(worker.text()).toContain('照片：3张');
    await worker.press('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())?.[0];
    expect(number).toBeDefined();

    const c = await w.stores.cases.getByNumber(number!);
    expect(c).toMatchObject({ source: 'worker_report', status: 'registered', enterpriseId: 'ent-1', townId: 'nancun', location: { lat: 35.4833, lng: 112.85 } });
    expect(c!.beforePhotos).toHaveLength(3);
    for (const p of c!.beforePhotos) {
      const stored = await w.stores.media.get(p.id);
      expect((await sharp(Buffer.from(stored!.data)).metadata()).exif).toBeUndefined();
      expect(p.originalSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.capturedAt).toBeInstanceOf(Date);
    }
    expect(new Set(c!.beforePhotos.map((p) => p.id)).size).toBe(3);

    // The worker looks at the case: the stored photos come back through sendPhoto.
    await worker.say(`/case ${number}`);
    expect(worker.text()).toContain('照片：整改前3张');
    const sent = w.gateway.takePhotos(worker.chatId);
    expect(sent.map((p) => p.caption)).toEqual(['整改前', '整改前', '整改前']);
    expect((await sharp(sent[0]!.data).metadata()).exif).toBeUndefined();
  });
});
