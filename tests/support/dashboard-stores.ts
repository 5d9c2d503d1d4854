import { MongoClient } from 'mongodb';
import type { DashboardStores } from '../../domain/dashboard.js';
import { openMongoDashboardStores } from '../../stores/mongo/dashboard-stores.js';
import { openSqliteDashboardStores } from '../../stores/sqlite/dashboard-stores.js';
import { openSqliteStores } from '../../stores/sqlite/index.js';

/** The dashboard's stores on an in-memory SQLite file or a fresh MongoDB database, with what closes (and drops) them. */
export async function openTestDashboardStores(kind: 'sqlite' | 'mongo', mongoUri: string | undefined): Promise<{ stores: DashboardStores; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const base = await openSqliteStores({ file: ':memory:' });
    return { stores: openSqliteDashboardStores(base.db), close: () => base.close() };
  }
  const client = await new MongoClient(mongoUri!, { ignoreUndefined: true }).connect();
  const db = client.db(`dash${Math.random().toString(36).slice(2, 10)}`);
  return {
    stores: await openMongoDashboardStores(db),
    close: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
}
