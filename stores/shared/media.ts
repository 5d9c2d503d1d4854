import { createHash } from 'node:crypto';
import type { PhotoRef } from '../../domain/case.js';

export type PhotoMeta = Omit<PhotoRef, 'id' | 'bytes'>;

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Media ids are SHA-256 hex; anything else cannot name a stored photo (and must not reach a path). */
export const isMediaId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);

/** The metadata as stored: absent evidence fields stay absent. */
export const photoMeta = (meta: PhotoMeta): PhotoMeta => ({
  mime: meta.mime,
  ...(meta.originalSha256 != null && { originalSha256: meta.originalSha256 }),
  ...(meta.capturedAt != null && { capturedAt: meta.capturedAt }),
});

/** The reference a put returns: identity from the bytes, evidence fields from this upload's metadata. */
export const photoRef = (id: string, bytes: number, meta: PhotoMeta): PhotoRef => ({ id, bytes, ...photoMeta(meta) });
