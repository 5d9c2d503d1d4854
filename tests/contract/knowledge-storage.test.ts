import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase, DirectoryIndexStorage, type IndexStorage } from '../../knowledge/index.js';
import { gridFsIndexStorage } from '../../stores/mongo/knowledge-index-storage.js';
import { serviceUrl } from '../support/requires.js';

const mongoUri = serviceUrl('MONGODB_URI');
const corpus = join(import.meta.dirname, '../fixtures/knowledge/corpus');

/** One contract for where the knowledge index lives: a folder (embedded) and GridFS (MongoDB). */
function describeIndexStorage(name: string, open: () => Promise<{ storage: () => IndexStorage; done: () => Promise<void> }>, skip = false) {
  describe.skipIf(skip)(`knowledge index storage: ${name}`, () => {
    let env: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      env = await open();
    });
    afterAll(async () => env?.done());

    it('saves, overwrites, loads and removes blobs byte for byte', async () => {
      const s = env.storage();
      expect(await s.load('manifest.json')).toBeNull();
      const big = new Uint8Array(600 * 1024).map((_, i) => i % 251); // spans several GridFS chunks
      await s.save('index-v1.hnsw', big);
      await s.save('manifest.json', new TextEncoder().encode('{"version":1}'));
      await s.save('manifest.json', new TextEncoder().encode('{"version":2}'));
      expect(Buffer.from((await s.load('index-v1.hnsw'))!).equals(Buffer.from(big))).toBe(true);
      expect(new TextDecoder().decode((await s.load('manifest.json'))!)).toBe('{"version":2}');
      await s.remove?.('index-v1.hnsw');
      expect(await s.load('index-v1.hnsw')).toBeNull();
    });

    it('lets a second instance answer from the index the first one ingested', async () => {
      const writer = await createKnowledgeBase({ storage: env.storage() });
      const result = await writer.ingest([corpus]);
      expect(result.added).toBeGreaterThan(0);
      await writer.close();

      const reader = await createKnowledgeBase({ storage: env.storage() });
      const retrieved = await reader.retrieve('动火作业现场十米内堆放可燃物怎么办', 5);
      expect(retrieved[0]).toMatchObject({ docTitle: '示范市工贸企业安全生产示范规定', article: '第四条' });
      await reader.close();
    });
  });
}

describeIndexStorage('directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-contract-'));
  return { storage: () => new DirectoryIndexStorage(dir), done: async () => rmSync(dir, { recursive: true, force: true }) };
});

describeIndexStorage(
  'MongoDB GridFS',
  async () => {
    const client = await new MongoClient(mongoUri!).connect();
    const db: Db = client.db(`kb_${Math.random().toString(36).slice(2, 10)}`);
    return {
      storage: () => gridFsIndexStorage(db),
      done: async () => {
        await db.dropDatabase();
        await client.close();
      },
    };
  },
  !mongoUri,
);
