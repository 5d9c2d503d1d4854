import { createHash } from 'node:crypto';
import type { PhotoRef } from '../../domain/case.js';
import type { MediaStore } from '../../domain/ports.js';

type MediaMeta = Parameters<MediaStore['put']>[1];

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Media ids are SHA-256 hex; anything else cannot name a stored photo (and must not reach a path). */
export const isMediaId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);

/** The reference a put returns: identity from the bytes, evidence fields from this upload's metadata. */
export function photoRef(id: string, bytes: number, meta: MediaMeta): PhotoRef {
  return {
    id,
    mime: meta.mime,
    bytes,
    ...(meta.originalSha256 !== undefined && { originalSha256: meta.originalSha256 }),
    ...(meta.capturedAt !== undefined && { capturedAt: meta.capturedAt }),
  };
}
