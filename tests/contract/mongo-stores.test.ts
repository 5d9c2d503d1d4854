import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VersionClaimDoc } from '../../stores/mongo/collections.js';
import { openMongoStores } from '../../stores/mongo/index.js';
import { serviceUrl } from '../support/requires.js';
import { minimalCase } from './store-fixtures.js';
import { describeStoresContract } from './stores.contract.js';

const uri = serviceUrl('MONGODB_URI'); // throws under CI=true when unset: CI never passes by skipping
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

describe.skipIf(!uri)('MongoDB stores (MONGODB_URI)', () => {
  const dbName = `contract${letters(10)}`;
  let opened: Awaited<ReturnType<typeof openMongoStores>> | undefined;
  const stores = () => {
    if (!opened) throw new Error('stores not open');
    return opened;
  };
  /** Empties every collection but keeps the indexes: far cheaper than a new database per test. */
  const clear = async () => {
    await Promise.all((await stores().db.collections()).map((c) => c.deleteMany({})));
  };

  beforeAll(async () => {
    opened = await openMongoStores({ uri: uri as string, dbName });
  });
  afterAll(async () => {
    await opened?.db.dropDatabase();
    await opened?.close();
  });

  describeStoresContract('MongoDB / FerretDB', async () => ({ ...stores(), cleanup: clear }));

  describe('adapter specifics', () => {
    afterEach(clear);

    it('opens an existing database again, keeping data and indexes', async () => {
      const c = minimalCase();
      await stores().cases.insert(c);
      const again = await openMongoStores({ uri: uri as string, dbName });
      try {
        expect(await again.cases.get(c.id)).toStrictEqual(c);
        await expect(again.cases.insert(minimalCase({ number: c.number }))).rejects.toMatchObject({ code: 'DUPLICATE' });
      } finally {
        await again.close();
      }
    });

    it('gives cases written before the day keys their keys once, so a window read finds them', async () => {
      const deadline = new Date('2026-03-20T02:00:00Z');
      const c = minimalCase({ status: 'assessed', deadline });
      const { id, ...rest } = c;
      await stores().db.collection('cases').insertOne({ _id: id as never, ...rest });
      await stores().db.collection('store_migrations').deleteMany({});
      const window = { deadlineFrom: new Date('2026-03-19T00:00:00Z'), deadlineTo: new Date('2026-03-21T00:00:00Z') };
      const scanned = async (s: typeof opened) => {
        const out = [];
        for await (const batch of s!.cases.scan(window)) out.push(...batch);
        return out;
      };
      expect(await scanned(opened)).toEqual([]); // without its keys a window read misses it: what the backfill is for
      const again = await openMongoStores({ uri: uri as string, dbName });
      try {
        expect(await scanned(again)).toStrictEqual([c]);
        expect(await again.cases.get(c.id)).toStrictEqual(c);
      } finally {
        await again.close();
      }
    });

    it('numbers on from cases numbered before the hint, and from a hint that lags, without gaps', async () => {
      const cases = stores().db.collection('cases');
      for (const n of [1, 2, 3]) {
        const { id, ...rest } = minimalCase({ number: `ZZ-2026-00000${n}` });
        await cases.insertOne({ _id: id as never, ...rest });
      }
      const next = () => stores().cases.insertNumbered(minimalCase({ number: '' }), 'ZZ', 2026);
      expect((await next()).number).toBe('ZZ-2026-000004');
      // A process killed between its insert and raising the hint, twice: the next callers walk past the taken numbers.
      await stores().db.collection('counters').updateOne({ _id: 'case-number:ZZ-2026-' as never }, { $set: { seq: 2 } });
      const made = await Promise.all([next(), next(), next()]);
      expect(made.map((c) => c.number).sort()).toEqual(['ZZ-2026-000005', 'ZZ-2026-000006', 'ZZ-2026-000007']);
    });

    it('numbers bursts from two processes at once: every number once, none skipped', async () => {
      const other = await openMongoStores({ uri: uri as string, dbName });
      try {
        const burst = (s: typeof opened) => Array.from({ length: 60 }, () => s!.cases.insertNumbered(minimalCase({ number: '' }), 'ZZ', 2026));
        const made = await Promise.all([...burst(opened), ...burst(other)]);
        expect(made.map((c) => Number(c.number.slice(-6))).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      } finally {
        await other.close();
      }
    });

    it('names no chat in the claims a dialog leaves, and still excludes a second writer of the same version', async () => {
      const claims = stores().db.collection<VersionClaimDoc>('version_claims');
      const d = stores().dialogs;
      await d.put('tg:731245689', { step: 1 }, 0);
      const v = (await d.get('tg:731245689'))!.version;
      await d.put('tg:731245689', { step: 2 }, v);
      expect(await d.delete('tg:731245689', v + 1)).toBe(true);
      const left = await claims.find().toArray();
      expect(left).toHaveLength(2); // left for the reaper: one command fewer per step
      expect(JSON.stringify(left)).not.toContain('731245689');
      // A write whose version another writer claimed a moment ago waits its turn: it is refused, nothing is written.
      await d.put('tg:1', { step: 1 }, 0);
      const w = (await d.get('tg:1'))!.version;
      await claims.insertOne({ _id: `dialog:${w + 1}`, at: new Date() });
      expect(await d.put('tg:1', { step: 'raced' }, w)).toBe(false);
      expect(await d.get('tg:1')).toStrictEqual({ state: { step: 1 }, version: w });
    });

    it('writes a dialog begun before versions were random, giving its chat-named claim back at once', async () => {
      const claims = stores().db.collection<VersionClaimDoc>('version_claims');
      await stores().db.collection('dialogs').insertOne({ _id: 'web:old' as never, state: '{"flow":null}', version: 3, updatedAt: new Date() });
      expect(await stores().dialogs.put('web:old', { step: 4 }, 3)).toBe(true);
      expect(await stores().dialogs.get('web:old')).toStrictEqual({ state: { step: 4 }, version: 4 });
      expect(await claims.countDocuments()).toBe(0);
    });

    it('refuses a write while another writer holds the version, and takes over an abandoned claim', async () => {
      const c = minimalCase();
      await stores().cases.insert(c);
      const claims = stores().db.collection<VersionClaimDoc>('version_claims');
      await claims.insertOne({ _id: `cases:${c.id}:1`, at: new Date() });
      await expect(stores().cases.update({ ...c, status: 'registered' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await stores().cases.get(c.id)).toStrictEqual(c);

      await claims.updateOne({ _id: `cases:${c.id}:1` }, { $set: { at: new Date(Date.now() - 120_000) } });
      expect((await stores().cases.update({ ...c, status: 'registered' })).version).toBe(1);
      expect(await claims.countDocuments()).toBe(0);
    });
  });
});
