import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryIndexStorage, MemoryIndexStorage } from '../../../knowledge/index.js';
import { readManifest, writeSnapshot } from '../../../knowledge/storage/snapshot.js';

describe('index storage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves, loads and removes blobs in a directory, leaving no temp files', async () => {
    const s = new DirectoryIndexStorage(dir);
    expect(await s.load('missing.bin')).toBeNull();
    await s.save('a.bin', new Uint8Array([1, 2, 3]));
    expect([...(await s.load('a.bin'))!]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['a.bin']);
    await s.remove('a.bin');
    expect(await s.load('a.bin')).toBeNull();
    await expect(s.save('../escape.bin', new Uint8Array())).rejects.toThrow(/escapes/);
  });

  it('publishes versions through the manifest and prunes blobs two versions back', async () => {
    const s = new MemoryIndexStorage();
    const snap = { docs: [], chunks: [], vectors: new Uint8Array([9]), embedder: 'local-hash-v1:512', dimensions: 512 };
    for (let i = 0; i < 3; i++) await writeSnapshot(s, snap);
    expect(await readManifest(s)).toMatchObject({ version: 3, chunksBlob: 'index-v3.chunks.json.gz', vectorsBlob: 'index-v3.hnsw' });
    expect([...s.blobs.keys()].sort()).toEqual(['index-v2.chunks.json.gz', 'index-v2.hnsw', 'index-v3.chunks.json.gz', 'index-v3.hnsw', 'manifest.json']);
  });
});
