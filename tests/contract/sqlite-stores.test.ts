import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStores } from '../../stores/sqlite/index.js';
import { describeStoresContract } from './stores.contract.js';

describeStoresContract('SQLite in memory, photos as BLOBs', async () => {
  const stores = await openSqliteStores({ file: ':memory:' });
  return { ...stores, cleanup: () => stores.close() };
});

describeStoresContract('SQLite file (WAL), photos as files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stores-contract-'));
  const stores = await openSqliteStores({ file: join(dir, 'app.db'), mediaDir: join(dir, 'media') });
  return {
    ...stores,
    cleanup: async () => {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
