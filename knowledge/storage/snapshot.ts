import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { ChunkRecord, DocRecord } from '../corpus/records.js';
import type { IndexStorage } from './index-storage.js';

export const MANIFEST = 'manifest.json';
const FORMAT = 1;

/** The one mutable blob. Instances compare `version` to learn that another instance published a newer index. */
const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().nonnegative(),
  embedder: z.string(),
  dimensions: z.number().int().positive().optional(),
  chunksBlob: z.string(),
  vectorsBlob: z.string().optional(),
  updatedAt: z.string(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface Snapshot {
  docs: DocRecord[];
  chunks: ChunkRecord[];
  vectors: Uint8Array | null;
}

export async function readManifest(storage: IndexStorage): Promise<Manifest | null> {
  const bytes = await storage.load(MANIFEST);
  if (!bytes) return null;
  return manifestSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

export async function readSnapshot(storage: IndexStorage, m: Manifest): Promise<Snapshot> {
  const chunksBytes = await storage.load(m.chunksBlob);
  if (!chunksBytes) throw new Error(`index blob ${m.chunksBlob} named by the manifest is missing`);
  const { docs, chunks } = JSON.parse(gunzipSync(chunksBytes).toString('utf8')) as Pick<Snapshot, 'docs' | 'chunks'>;
  const vectors = m.vectorsBlob ? await storage.load(m.vectorsBlob) : null;
  return { docs, chunks, vectors };
}

/**
 * Publishes a new version: data blobs under fresh names first, the manifest last, so a reader never
 * pairs a manifest with half-written data. Blobs two versions back are pruned (the previous version
 * stays readable for an instance that is loading it right now).
 */
export async function writeSnapshot(
  storage: IndexStorage,
  snapshot: Snapshot & { embedder: string; dimensions?: number },
): Promise<Manifest> {
  const previous = await readManifest(storage).catch(() => null);
  const version = (previous?.version ?? 0) + 1;
  const chunksBlob = `index-v${version}.chunks.json.gz`;
  const vectorsBlob = snapshot.vectors ? `index-v${version}.hnsw` : undefined;
  await storage.save(chunksBlob, gzipSync(JSON.stringify({ docs: snapshot.docs, chunks: snapshot.chunks })));
  if (vectorsBlob && snapshot.vectors) await storage.save(vectorsBlob, snapshot.vectors);
  const manifest: Manifest = {
    format: FORMAT,
    version,
    embedder: snapshot.embedder,
    ...(snapshot.dimensions ? { dimensions: snapshot.dimensions } : {}),
    chunksBlob,
    ...(vectorsBlob ? { vectorsBlob } : {}),
    updatedAt: new Date().toISOString(),
  };
  await storage.save(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
  if (storage.remove && version > 2) {
    await Promise.all([
      storage.remove(`index-v${version - 2}.chunks.json.gz`),
      storage.remove(`index-v${version - 2}.hnsw`),
    ]).catch(() => undefined);
  }
  return manifest;
}
