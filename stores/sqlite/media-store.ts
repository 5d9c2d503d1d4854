import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MediaStore } from '../../domain/ports.js';
import { isMediaId, photoRef, sha256Hex } from '../shared/media.js';

interface Row {
  id: string;
  mime: string;
  bytes: number;
  original_sha256: string | null;
  captured_at: number | null;
  data: Uint8Array | null;
}

/**
 * Photos by content hash (tip photos: by a random id of the same shape, flagged so only they can be deleted). With `mediaDir` the bytes are files named by their SHA-256 (written to a
 * temp name and renamed, so a reader never sees half a file); without it they are BLOBs in the row.
 * The row is written after the file, so a row always has its bytes.
 */
export function sqliteMediaStore(db: Database, mediaDir?: string): MediaStore {
  if (mediaDir) mkdirSync(mediaDir, { recursive: true });
  const insert = db.prepare(
    `INSERT INTO media (id, mime, bytes, original_sha256, captured_at, stored_at, data)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const byId = db.prepare('SELECT * FROM media WHERE id = ?');
  // A tip photo's row has no evidence and a stored_at of 0: not even the upload time is kept.
  const insertAnonymous = db.prepare(`INSERT INTO media (id, mime, bytes, original_sha256, captured_at, stored_at, data) VALUES (?, ?, ?, NULL, NULL, 0, ?)`);
  const deleteAnonymousRow = db.prepare('DELETE FROM media WHERE id = ? AND stored_at = 0');

  return {
    async put(data, meta) {
      const id = sha256Hex(data);
      if (mediaDir) await writeOnce(join(mediaDir, id), data);
      insert.run(
        id,
        meta.mime,
        data.byteLength,
        meta.originalSha256 ?? null,
        meta.capturedAt?.getTime() ?? null,
        Date.now(),
        mediaDir ? null : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      );
      return photoRef(id, data.byteLength, meta);
    },
    async putAnonymous(data, mime) {
      const id = randomBytes(32).toString('hex');
      if (mediaDir) await writeOnce(join(mediaDir, id), data);
      insertAnonymous.run(id, mime, data.byteLength, mediaDir ? null : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      return photoRef(id, data.byteLength, { mime });
    },
    async deleteAnonymous(id) {
      if (!isMediaId(id) || deleteAnonymousRow.run(id).changes === 0) return;
      if (mediaDir) await rm(join(mediaDir, id), { force: true });
    },
    async get(id) {
      if (!isMediaId(id)) return null;
      const row = byId.get(id) as Row | undefined;
      if (!row) return null;
      const data = row.data ?? (mediaDir ? await readFile(join(mediaDir, id)) : undefined);
      if (!data) throw new Error(`photo ${id} is stored as a file but no mediaDir is configured`);
      const ref = photoRef(row.id, row.bytes, {
        mime: row.mime,
        originalSha256: row.original_sha256 ?? undefined,
        capturedAt: row.captured_at === null ? undefined : new Date(row.captured_at),
      });
      return { ref, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}

async function writeOnce(file: string, data: Uint8Array): Promise<void> {
  if (await stat(file).then(() => true, () => false)) return;
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
