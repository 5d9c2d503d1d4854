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
    it('puts, replaces, gets and deletes per-chat state of any JSON shape, each write on the version read', async () => {
      const state = {
        locale: 'zh-CN',
        flow: { kind: 'report', step: 'photos', draft: { photos: [{ id: 'x', capturedAt: at('2026-03-01', 5) }] } },
        choices: [[{ label: '是', value: 'yes' }], [{ label: '否', value: 'no' }]],
        'dotted.key': 1,
      };
      const d = stores().dialogs;
      expect(await d.get('web:s1')).toBeNull();
      expect(await d.put('web:s1', state, 0)).toBe(true);
      expect(await d.put('web:s2', { locale: 'en' }, 0)).toBe(true);
      const first = (await d.get('web:s1'))!;
      expect(first).toStrictEqual({ state, version: expect.any(Number) });
      expect(first.version).toBeGreaterThan(0);
      expect(await d.put('web:s1', { locale: 'en' }, first.version)).toBe(true);
      expect(await d.get('web:s1')).toStrictEqual({ state: { locale: 'en' }, version: first.version + 1 });
      expect(await d.delete('web:s1', first.version + 1)).toBe(true);
      expect(await d.delete('web:never', 0)).toBe(true);
      expect(await d.get('web:s1')).toBeNull();
      expect(await d.get('web:s2')).toStrictEqual({ state: { locale: 'en' }, version: expect.any(Number) });
    });

    it('refuses a write or delete from a stale read and keeps the newer state', async () => {
      const d = stores().dialogs;
      expect(await d.put('web:s3', { step: 1 }, 0)).toBe(true);
      expect(await d.put('web:s3', { step: 'late first' }, 0)).toBe(false);
      const v = (await d.get('web:s3'))!.version;
      expect(await d.put('web:s3', { step: 2 }, v)).toBe(true);
      expect(await d.put('web:s3', { step: 'stale' }, v)).toBe(false);
      expect(await d.delete('web:s3', v)).toBe(false);
      expect(await d.delete('web:s3', 0)).toBe(false);
      expect(await d.get('web:s3')).toStrictEqual({ state: { step: 2 }, version: v + 1 });
    });

    it('starts a dialog deleted and begun again afresh: a write from the old one never lands on the new', async () => {
      const d = stores().dialogs;
      await d.put('web:s6', { n: 'old' }, 0);
      const old = (await d.get('web:s6'))!.version;
      expect(await d.put('web:s6', { n: 'old 2' }, old)).toBe(true);
      expect(await d.delete('web:s6', old + 1)).toBe(true);
      expect(await d.put('web:s6', { n: 'new' }, 0)).toBe(true);
      const fresh = (await d.get('web:s6'))!.version;
      expect(await d.put('web:s6', { n: 'new 2' }, fresh)).toBe(true); // not blocked by anything the old dialog left
      expect(await d.put('web:s6', { n: 'stale' }, old)).toBe(false);
      expect(await d.get('web:s6')).toStrictEqual({ state: { n: 'new 2' }, version: fresh + 1 });
    });

    it('lets exactly one of many concurrent writers from the same read win', async () => {
      const d = stores().dialogs;
      await d.put('web:s4', { n: 0 }, 0);
      const v = (await d.get('web:s4'))!.version;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => d.put('web:s4', { n: i + 1 }, v)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true) + 1;
      expect(await d.get('web:s4')).toStrictEqual({ state: { n: winner }, version: v + 1 });
      const firsts = await Promise.all(Array.from({ length: 6 }, (_, i) => d.put('web:s5', { n: i }, 0)));
      expect(firsts.filter(Boolean)).toHaveLength(1);
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
