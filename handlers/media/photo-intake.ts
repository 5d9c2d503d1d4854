import { createHash } from 'node:crypto';
import exifReader from 'exif-reader';
import type * as FileType from 'file-type';
import type createSharp from 'sharp';
import type { Sharp, SharpOptions } from 'sharp';
import { DomainError, type MediaRef, type MediaStore, type PhotoRef } from '../../domain/index.js';

/** sharp (libvips, ~20 MB resident) and file-type load with the first photo, not at start. */
let sharpModule: Promise<{ default: typeof createSharp }> | undefined;
const sharp = async (data: Uint8Array, options?: SharpOptions): Promise<Sharp> =>
  (await (sharpModule ??= import('sharp'))).default(data, options);
let fileTypeModule: Promise<typeof FileType> | undefined;
const fileTypeFromBuffer = async (data: Uint8Array) => (await (fileTypeModule ??= import('file-type'))).fileTypeFromBuffer(data);

export interface PhotoLimits {
  maxBytes: number;
  maxPixels: number;
}

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff']);

/**
 * Every photo from every channel passes here: the real type is sniffed (never the claimed one),
 * the image is re-encoded so no EXIF/GPS survives, and only the clean copy is stored.
 * The original's SHA-256 and capture time are kept as evidence for worker reports.
 */
export async function intakePhoto(
  ref: MediaRef,
  limits: PhotoLimits,
  store: MediaStore,
  opts: { keepEvidence: boolean; anonymous?: boolean },
): Promise<PhotoRef> {
  if (ref.sizeHint !== undefined && ref.sizeHint > limits.maxBytes) tooLarge(limits);
  const data = await ref.download();
  if (data.byteLength > limits.maxBytes) tooLarge(limits);
  if (data.byteLength === 0) throw new DomainError('UNSUPPORTED_MEDIA', 'empty file', { hint: 'empty', name: ref.fileName ?? '' });

  const type = await fileTypeFromBuffer(data);
  if (type?.mime === 'image/heic' || type?.mime === 'image/heif') {
    throw new DomainError('UNSUPPORTED_MEDIA', 'HEIC photos are not supported', { hint: 'heic' });
  }
  if (!type || !ACCEPTED.has(type.mime)) {
    throw new DomainError('UNSUPPORTED_MEDIA', `not an image: ${type?.mime ?? 'unknown'}`);
  }

  // Every frame of an animation is decoded: the limit is on all of them together, not the first alone.
  const frames = await (await sharp(data, { animated: true, limitInputPixels: false })).metadata().catch(() => undefined);
  if (frames && frames.width * (frames.pageHeight ?? frames.height) * (frames.pages ?? 1) > limits.maxPixels) tooManyPixels(limits);

  let clean: Buffer;
  let capturedAt: Date | undefined;
  try {
    const image = await sharp(data, { failOn: 'error', limitInputPixels: limits.maxPixels });
    if (opts.keepEvidence) capturedAt = captureTime((await image.metadata()).exif);
    clean = await image
      .rotate()
      .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
      // libjpeg-turbo, not mozjpeg: mozjpeg saved 13–35 % of the bytes for 3.5–10× the CPU per photo (484 vs 139 ms
      // for a 12 MP photo), and photos come in bursts (docs/PERFORMANCE.md, load).
      .jpeg({ quality: 82 })
      .toBuffer();
  } catch (e) {
    if (/pixel limit/i.test((e as Error).message)) tooManyPixels(limits);
    throw new DomainError('UNSUPPORTED_MEDIA', `image could not be decoded: ${(e as Error).message}`);
  }

  // A tip's photo: a random id, nothing shared with any other upload (see MediaStore.putAnonymous).
  if (opts.anonymous) return store.putAnonymous(clean, 'image/jpeg');
  return store.put(clean, {
    mime: 'image/jpeg',
    ...(opts.keepEvidence ? { originalSha256: createHash('sha256').update(data).digest('hex'), capturedAt } : {}),
  });
}

function tooManyPixels(limits: PhotoLimits): never {
  throw new DomainError('UNSUPPORTED_MEDIA', 'too many pixels', { hint: 'pixels', maxMp: Math.floor(limits.maxPixels / 1_000_000) });
}

function tooLarge(limits: PhotoLimits): never {
  throw new DomainError('MEDIA_TOO_LARGE', 'photo too large', { maxMb: Math.floor(limits.maxBytes / 1024 / 1024) });
}

function captureTime(exif: Buffer | undefined): Date | undefined {
  if (!exif) return undefined;
  try {
    const tags = exifReader(exif);
    const t = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
    return t instanceof Date && !Number.isNaN(t.getTime()) ? t : undefined;
  } catch {
    return undefined; // unreadable EXIF is not a reason to refuse the photo
  }
}

/** Small preview for lists and the dashboard (never stored: cheap to recompute). */
export async function thumbnail(data: Uint8Array): Promise<Buffer> {
  return (await sharp(data)).resize(320, 320, { fit: 'cover' }).webp({ quality: 70 }).toBuffer();
}
