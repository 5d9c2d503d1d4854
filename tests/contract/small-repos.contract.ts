import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Stores } from '../../domain/ports.js';
import { at, town } from './store-fixtures.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function smallReposContract(stores: () => Stores): void {
  describe('towns', () => {
    it('upserts, replaces and lists by id', async () => {
      await stores().towns.upsert(town({ id: 'town-b', name: '北义城镇', groupChats: [] }));
      await stores().towns.upsert(town());
      await stores().towns.upsert(town({ groupChats: ['tg:-1002'] }));
      expect(await stores().towns.get('town-a')).toStrictEqual(town({ groupChats: ['tg:-1002'] }));
      expect((await stores().towns.list()).map((t) => t.id)).toEqual(['town-a', 'town-b']);
      expect((await stores().towns.get('town-b'))?.groupChats).toEqual([]);
      expect(await stores().towns.get('town-z')).toBeNull();
    });
  });

  describe('dialogs', () => {
    it('puts, replaces, gets and deletes per-chat state of any JSON shape', async () => {
      const state = {
        locale: 'zh-CN',
        flow: { kind: 'report', step: 'photos', draft: { photos: [{ id: 'x', capturedAt: at('2026-03-01', 5) }] } },
        choices: [[{ label: '是', value: 'yes' }], [{ label: '否', value: 'no' }]],
        'dotted.key': 1,
      };
      const d = stores().dialogs;
      expect(await d.get('web:s1')).toBeNull();
      await d.put('web:s1', state);
      await d.put('web:s2', { locale: 'en' });
      expect(await d.get('web:s1')).toStrictEqual(state);
      await d.put('web:s1', { locale: 'en' });
      expect(await d.get('web:s1')).toStrictEqual({ locale: 'en' });
      await d.delete('web:s1');
      await d.delete('web:never');
      expect(await d.get('web:s1')).toBeNull();
      expect(await d.get('web:s2')).toStrictEqual({ locale: 'en' });
    });
  });

  describe('media', () => {
    it('stores photos by content hash: bytes and metadata round-trip, the same bytes give the same id', async () => {
      const bytes = new Uint8Array(randomBytes(600 * 1024)); // spans several GridFS chunks
      const meta = { mime: 'image/jpeg', originalSha256: 'c'.repeat(64), capturedAt: at('2026-03-01', 42) };
      const ref = await stores().media.put(bytes, meta);
      expect(ref).toStrictEqual({ id: sha256(bytes), bytes: bytes.byteLength, ...meta });
      const again = await stores().media.put(bytes, { mime: 'image/jpeg' });
      expect(again).toStrictEqual({ id: ref.id, mime: 'image/jpeg', bytes: bytes.byteLength });
      const got = await stores().media.get(ref.id);
      expect(got?.ref).toStrictEqual(ref);
      expect(Buffer.from(got?.data ?? []).equals(Buffer.from(bytes))).toBe(true);
    });

    it('keeps absent evidence fields absent and answers null for unknown or malformed ids', async () => {
      const small = new TextEncoder().encode('not really a jpeg');
      const ref = await stores().media.put(small, { mime: 'image/png' });
      expect((await stores().media.get(ref.id))?.ref).toStrictEqual({ id: ref.id, mime: 'image/png', bytes: small.byteLength });
      expect(await stores().media.get('0'.repeat(64))).toBeNull();
      expect(await stores().media.get('../../etc/passwd')).toBeNull();
    });
  });
}
