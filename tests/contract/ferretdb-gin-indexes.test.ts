import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMongoStores } from '../../stores/mongo/index.js';
import { findFerretDb, portOpen, startFerretDb } from '../support/services.js';
import { minimalCase } from './store-fixtures.js';

const SQL = fileURLToPath(new URL('../../deploy/ferretdb/gin-indexes.sql', import.meta.url));
const bin = findFerretDb();
const postgres = await portOpen('127.0.0.1', 5432);
// CI builds FerretDB and runs PostgreSQL (.ci/run): there, a missing one fails the suite instead of skipping it.
if (process.env.CI === 'true' && (!bin || !postgres)) throw new Error('FerretDB and PostgreSQL are needed (see .ci/run)');

const runSql = (pgUrl: string) => spawnSync('psql', [pgUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-f', SQL], { encoding: 'utf8' });

describe.skipIf(!bin || !postgres)('deploy/ferretdb/gin-indexes.sql on FerretDB 1.24 with PostgreSQL', () => {
  let ferret: Awaited<ReturnType<typeof startFerretDb>>;
  let stores: Awaited<ReturnType<typeof openMongoStores>>;
  beforeAll(async () => {
    ferret = await startFerretDb(bin!, 27600 + Math.floor(Math.random() * 300));
    stores = await openMongoStores({ uri: ferret.uri, dbName: 'gin' });
  }, 60_000);
  afterAll(async () => {
    await stores?.close();
    ferret?.stop();
  });

  /** PostgreSQL's plan for a find, as FerretDB's explain reports it. */
  const plan = async (filter: object) => JSON.stringify(await stores.db.collection('cases').find(filter).explain());

  it('turns reads by _id and by an indexed field from table scans into index scans, and can run again', async () => {
    const c = minimalCase();
    await stores.cases.insert(c);
    // Enough other documents that a scan costs more than the index, as in a county's case table.
    await stores.db.collection('cases').insertMany(Array.from({ length: 3_000 }, (_, i) => ({ _id: `other-${i}`, number: `X-${i}` })) as never[]);
    expect(await plan({ _id: c.id })).toContain('Seq Scan');

    const first = runSql(ferret.pgUrl!);
    expect(first.status, first.stderr).toBe(0);
    for (const filter of [{ _id: c.id }, { number: c.number }]) {
      const after = await plan(filter);
      expect(after).not.toContain('Seq Scan');
      expect(after).toMatch(/"Index Name":"\w+_gin"/);
    }

    const again = runSql(ferret.pgUrl!);
    expect(again.status, again.stderr).toBe(0);
    // FerretDB neither knows nor minds the extra indexes: the app reads and writes as before.
    expect((await stores.cases.get(c.id))?.number).toBe(c.number);
    await stores.cases.update({ ...c, description: 'updated after the GIN indexes' });
    expect((await stores.cases.get(c.id))?.description).toBe('updated after the GIN indexes');
  }, 60_000);
});
