import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaStore } from '../../../domain/index.js';
import { errorText } from '../../../handlers/errors.js';
import { intakePhoto } from '../../../handlers/media/photo-intake.js';
import { translator } from '../../../locales/index.js';
import { gridFsMedia } from '../../../stores/mongo/gridfs-media.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';

const t = translator('zh-CN');
const limits = { maxBytes: 10 * 2 ** 20, maxPixels: 4_000_000 };

/** An animated GIF: `frames` frames of width × height, each a different grey (identical frames would be merged). */
async function gif(width: number, height: number, frames: number): Promise<Buffer> {
  const strip = Buffer.alloc(width * height * frames * 3);
  for (let i = 0; i < frames; i++) strip.fill(i * 40, i * width * height * 3, (i + 1) * width * height * 3);
  return sharp(strip, { raw: { width, height: height * frames, channels: 3, pageHeight: height } }).gif().toBuffer();
}

const refusal = async (data: Uint8Array, store: MediaStore, fileName?: string) => {
  try {
    await intakePhoto({ download: async () => data, fileName }, limits, store, { keepEvidence: true });
    return undefined;
  } catch (e) {
    return errorText(e, t);
  }
};

const mongoUrl = serviceUrl('MONGODB_URI');
const stores: Array<[string, () => Promise<{ media: MediaStore; count(): Promise<number> }>]> = [
  [
    'SQLite',
    async () => {
      const s = await openSqliteStores({ file: ':memory:' });
      return { media: s.media, count: async () => (s.db.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n };
    },
  ],
];
const clients: MongoClient[] = [];
if (mongoUrl) {
  stores.push([
    'MongoDB',
    async () => {
      const client = new MongoClient(mongoUrl);
      clients.push(client);
      const db = client.db(`media${randomBytes(4).toString('hex')}`);
      return { media: gridFsMedia(db), count: () => db.collection('photos.files').countDocuments() };
    },
  ]);
}
afterAll(async () => {
  for (const c of clients) {
    for (const d of (await c.db().admin().listDatabases()).databases) if (/^media[0-9a-f]{8}$/.test(d.name)) await c.db(d.name).dropDatabase();
    await c.close();
  }
});

describe.each(stores)('photo intake on %s', (_kind, open) => {
  it('refuses an empty file by name and stores nothing', async () => {
    const s = await open();
    expect(await refusal(new Uint8Array(0), s.media, 'site.jpg')).toBe('照片“site.jpg”是空文件（0 字节），未提交。请重新选择照片。');
    expect(await s.count()).toBe(0);
  });

  it.each([
    ['a canvas over the pixel limit', 2100, 2000, 1],
    ['frames that together pass the pixel limit', 1000, 1000, 6],
  ])('refuses an animated GIF with %s, and stores nothing', async (_what, w, h, frames) => {
    const s = await open();
    expect(await refusal(await gif(w, h, frames), s.media)).toContain('上限 4 百万像素');
    expect(await s.count()).toBe(0);
  });

  it('keeps a small animated GIF (its first frame, re-encoded)', async () => {
    const s = await open();
    const ref = await intakePhoto({ download: async () => gif(200, 100, 3) }, limits, s.media, { keepEvidence: false });
    expect(ref.mime).toBe('image/jpeg');
    expect(await s.count()).toBe(1);
  });

  it('gives a tip photo a random id, no hash and no capture time: the same photo named and anonymous share nothing', async () => {
    const s = await open();
    const photo = await phonePhoto();
    const named = await intakePhoto({ download: async () => photo }, limits, s.media, { keepEvidence: true });
    const tip1 = await intakePhoto({ download: async () => photo }, limits, s.media, { keepEvidence: false, anonymous: true });
    const tip2 = await intakePhoto({ download: async () => photo }, limits, s.media, { keepEvidence: false, anonymous: true });
    expect(named.originalSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(named.capturedAt).toBeInstanceOf(Date);
    expect(new Set([named.id, tip1.id, tip2.id]).size).toBe(3);
    expect(tip1.id).toMatch(/^[0-9a-f]{64}$/); // same shape as a content hash: the id does not even say "tip"
    const stored = await s.media.get(tip1.id);
    expect(stored?.ref).toEqual({ id: tip1.id, bytes: tip1.bytes, mime: 'image/jpeg' });
    expect(await s.count()).toBe(3);
  });

  it('deletes only anonymous uploads: a named photo stays whatever id is asked', async () => {
    const s = await open();
    const photo = await phonePhoto({ r: 10, g: 200, b: 10 });
    const named = await intakePhoto({ download: async () => photo }, limits, s.media, { keepEvidence: true });
    const tip = await intakePhoto({ download: async () => photo }, limits, s.media, { keepEvidence: false, anonymous: true });
    await s.media.deleteAnonymous(named.id);
    await s.media.deleteAnonymous(tip.id);
    await s.media.deleteAnonymous('../../etc/passwd');
    expect(await s.media.get(named.id)).not.toBeNull();
    expect(await s.media.get(tip.id)).toBeNull();
  });
});
