import { describe, expect, it } from 'vitest';
import { createMongoJobStores } from '../../stores/mongo/jobs-stores.js';
import { freshMongoDatabases } from '../support/mongo-databases.js';
import { serviceUrl } from '../support/requires.js';
import { jobsStoreContract } from './jobs-store.contract.js';

const url = serviceUrl('MONGODB_URI');

if (!url) {
  describe.skip('jobs store contract: MongoDB (MONGODB_URI not set)', () => undefined);
} else {
  const database = freshMongoDatabases(url, 'jobs', {});
  jobsStoreContract('MongoDB', async () => createMongoJobStores(database()));

  describe('jobs store: MongoDB · documents written before the version claims', () => {
    it('are upgraded at start and then claimed, completed and marked like any other', async () => {
      const db = database();
      const at = new Date('2026-06-01T01:00:00Z');
      const later = new Date(at.getTime() + 60_000);
      await db.collection<Record<string, unknown> & { _id: string }>('job_scheduled_items').insertOne({
        _id: 'case:1:due',
        at,
        payload: JSON.stringify({ kind: 'x' }),
        daily: null,
        status: 'pending',
        attempt: 0,
        leaseUntil: null,
        rev: 7,
        lastError: null,
      });
      const key = { target: 'tg:100', subject: 'case:1', rung: 't-1@2026-06-30' };
      await db.collection('job_deliveries').insertOne({ ...key, gen: 1, state: 'claimed', claimedAt: at });
      const { scheduledItems, deliveries } = await createMongoJobStores(db);
      expect(await scheduledItems.get('case:1:due')).toMatchObject({ rev: 7, status: 'pending' });
      const [claimed] = await scheduledItems.claimDue(later, later, 10);
      expect(claimed).toMatchObject({ key: 'case:1:due', rev: 8, attempt: 1 });
      expect(await scheduledItems.complete('case:1:due', 8)).toBe(true);
      await deliveries.markSent(key, later);
      expect(await deliveries.get(key)).toMatchObject({ state: 'sent', attempts: 1 });
      expect(await deliveries.claim(key, later, later)).toBe('already_sent');
    });
  });
}
