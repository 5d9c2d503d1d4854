import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { withoutFsync } from '../../../stores/sqlite/durability.js';

describe('SQLite durability', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const file = () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-sync-'));
    dirs.push(d);
    return join(d, 'app.db');
  };
  const synchronous = (s: { db: { pragma(p: string, o: { simple: true }): unknown } }) => s.db.pragma('synchronous', { simple: true });

  it('commits wait for the disk on a new file and on the same file reopened (SQLite alone would relax the second)', async () => {
    const f = file();
    const first = await openSqliteStores({ file: f });
    expect(synchronous(first)).toBe(2);
    first.close();
    const reopened = await openSqliteStores({ file: f });
    expect(synchronous(reopened)).toBe(2);
    reopened.close();
  });

  it('a dialog step commits without waiting, and everything after it waits again, also when the step fails', async () => {
    const stores = await openSqliteStores({ file: file() });
    const seen: unknown[] = [];
    const relaxed = withoutFsync(stores.db);
    relaxed(() => seen.push(synchronous(stores)));
    expect(() => relaxed(() => { throw new Error('refused'); })).toThrow('refused');
    expect(seen).toEqual([1]);
    expect(synchronous(stores)).toBe(2);
    expect(await stores.dialogs.put('web:s1', { step: 'description' }, 0)).toBe(true);
    expect(synchronous(stores)).toBe(2);
    expect(await stores.dialogs.get('web:s1')).toEqual({ state: { step: 'description' }, version: 1 });
    stores.close();
  });
});
