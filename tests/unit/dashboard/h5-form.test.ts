import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { createH5 } from '../../../bot/web/h5/index.js';
import type { Stores } from '../../../domain/index.js';
import { createTipService } from '../../../handlers/tips/index.js';
import { rateLimitsFrom, sqliteRateLimitBackend } from '../../../stores/rate-limit/index.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { createSqliteTipStores } from '../../../stores/sqlite/tips-stores.js';
import { handlerDeps } from '../../support/handler-harness.js';
import { phonePhoto } from '../../support/images.js';

const origin = 'http://localhost';

describe('H5 扫码举报 form', () => {
  let stores: Stores;
  let app: ReturnType<typeof createH5>;

  beforeEach(async () => {
    const opened = await openSqliteStores({ file: ':memory:' });
    stores = opened;
    await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
    const now = new Date();
    await stores.enterprises.insert({
      id: 'ent-1', name: '泽州县金泰铸造有限公司', aliases: ['金泰铸造'], townId: 'nancun', industry: '机械', aboveScale: true,
      riskLevel: 'B', supervisionLevel: 'town', flags: [], status: 'operating', createdAt: now, updatedAt: now, version: 0,
    });
    const rateLimits = rateLimitsFrom(sqliteRateLimitBackend(opened.db));
    const deps = handlerDeps(stores, { rateLimits });
    const t = createSqliteTipStores(opened.db);
    const tips = createTipService(deps, { tips: t.tips, contacts: t.tipContacts, sessions: t.receiptSessions });
    app = createH5({ tips, enterprises: stores.enterprises, towns: stores.towns, maxUploadBytes: 2 * 1024 * 1024, limits: rateLimits, log: deps.log, secureCookies: false });
  });

  const post = (path: string, fields: Record<string, string | File>, headers: Record<string, string> = { origin }) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return app.request(path, { method: 'POST', body: form, headers });
  };
  const tip = (over: Record<string, string | File> = {}) =>
    post('/', { description: '夜间偷偷生产，熔炼炉旁消防通道被废料堵死', enterprise: '金泰铸造', pin: 'safe2026', pin2: 'safe2026', form_token: randomBytes(16).toString('base64url'), ...over });

  it('names the poster’s enterprise and town, with strict headers and nothing cached', async () => {
    const res = await app.request('/?enterprise=ent-1&town=nancun');
    const html = await res.text();
    expect(html).toContain('value="泽州县金泰铸造有限公司"');
    expect(html).toContain('举报地点：南村镇');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('files a tip with a photo stripped of EXIF and shows the receipt code once; the code and PIN show its status', async () => {
    const photo = new File([new Uint8Array(await phonePhoto())], 'IMG_0001.jpg', { type: 'image/jpeg' });
    const html = await (await tip({ photos: photo })).text();
    const code = /id="receipt-code">([A-Z0-9-]+)</.exec(html)?.[1];
    const number = /案件编号 <strong>(ZZ-\d{4}-\d{6})</.exec(html)?.[1];
    expect(code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const c = await stores.cases.getByNumber(number!);
    expect(c).toMatchObject({ source: 'anonymous_tip', enterpriseId: 'ent-1', townId: 'nancun' });
    expect(c!.reporterId).toBeUndefined();
    expect(c!.beforePhotos[0]!.originalSha256).toBeUndefined();
    const stored = await stores.media.get(c!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(stored!.data)).metadata()).exif).toBeUndefined();

    const status = await (await post('/status', { code: code!.toLowerCase(), pin: 'safe2026' })).text();
    expect(status).toContain(`举报处理情况（案件 ${number}）`);
    // The tip names a registered enterprise: 自动派单 registered it to the enterprise's town at once.
    expect(status).toContain('已登记');
    const wrong = await post('/status', { code: code!, pin: 'wrong999' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('还可尝试9次');
  });

  it('sends a tip from a town poster to that town even when no enterprise is named', async () => {
    await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [] });
    const form = await (await app.request('/?town=bagong')).text();
    expect(form).toContain('name="town" value="bagong"');
    const html = await (await tip({ enterprise: '', town: 'bagong' })).text();
    const number = /案件编号 <strong>(ZZ-\d{4}-\d{6})</.exec(html)?.[1];
    expect((await stores.cases.getByNumber(number!))?.townId).toBe('bagong');
  });

  it('keeps what was typed when something is wrong, and refuses cross-site posts', async () => {
    const mismatch = await (await tip({ pin2: 'other2026' })).text();
    expect(mismatch).toContain('两次输入的举报密码不一致');
    expect(mismatch).toContain('夜间偷偷生产');
    expect(await (await tip({ pin: '123456', pin2: '123456' })).text()).toContain('太容易被猜到');
    expect(await (await tip({ description: '短' })).text()).toContain('描述须为5到2000字');
    const notImage = new File([new TextEncoder().encode('not an image')], 'x.jpg', { type: 'image/jpeg' });
    expect(await (await tip({ photos: notImage })).text()).toContain('不是可识别的图片');
    expect((await tip()).status).toBe(200);
    expect((await post('/', { description: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('limits submissions per address and refuses oversized uploads', async () => {
    const big = new File([new Uint8Array(25 * 1024 * 1024)], 'big.jpg', { type: 'image/jpeg' });
    expect((await tip({ photos: big })).status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await tip()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
