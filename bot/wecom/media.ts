import type { Logger } from 'pino';
import type { MediaStore } from '../../domain/index.js';

/** Where Outbound photos (by stored media id) are read from; the lead passes `stores.media`. */
export type PhotoSource = Pick<MediaStore, 'get'>;

export interface LoadedPhoto {
  data: Uint8Array;
  mime: string;
  fileName: string;
}

/** A missing photo is logged and skipped, so one bad id does not swallow the rest of a reply. */
export async function loadPhoto(media: PhotoSource | undefined, mediaId: string, logger: Logger): Promise<LoadedPhoto | undefined> {
  const stored = media ? await media.get(mediaId) : null;
  if (!stored) {
    logger.warn({ mediaId }, 'photo to send is not in the media store; skipped');
    return undefined;
  }
  const ext = stored.ref.mime === 'image/png' ? 'png' : 'jpg';
  return { data: stored.data, mime: stored.ref.mime, fileName: `${stored.ref.id}.${ext}` };
}
