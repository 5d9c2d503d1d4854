import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from 'mongodb';
import { GridFSBucket } from 'mongodb';
import type { MediaStore } from '../../domain/ports.js';
import type { PhotoMeta } from '../shared/media.js';
import { isMediaId, photoMeta, photoRef, sha256Hex } from '../shared/media.js';

/**
 * Photos in the GridFS bucket `photos`, the file name being the SHA-256 of the bytes. Driver 7 has no
 * `contentType`, so the MIME type (and the evidence fields) go in `metadata`. A second put of the same
 * bytes finds the file and stores nothing; two truly simultaneous first puts may store two identical
 * copies, which reads tolerate (they take the oldest).
 */
export function gridFsMedia(db: Db): MediaStore {
  const bucket = new GridFSBucket(db, { bucketName: 'photos' });
  const oldest = (id: string) => bucket.find({ filename: id }).sort({ uploadDate: 1 }).limit(1).next();

  return {
    async put(data, meta) {
      const id = sha256Hex(data);
      if (!(await oldest(id))) {
        const upload = bucket.openUploadStream(id, { metadata: photoMeta(meta) });
        await pipeline(Readable.from([Buffer.from(data)]), upload);
      }
      return photoRef(id, data.byteLength, meta);
    },
    async putAnonymous(data, mime) {
      // A random name and nothing but the type: GridFS's own uploadDate is set to the epoch below.
      const id = randomBytes(32).toString('hex');
      const upload = bucket.openUploadStream(id, { metadata: { mime, anonymous: true } });
      await pipeline(Readable.from([Buffer.from(data)]), upload);
      await db.collection('photos.files').updateOne({ _id: upload.id }, { $set: { uploadDate: new Date(0) } });
      return photoRef(id, data.byteLength, { mime });
    },
    async deleteAnonymous(id) {
      const file = isMediaId(id) ? await bucket.find({ filename: id, 'metadata.anonymous': true }).limit(1).next() : null;
      if (file) await bucket.delete(file._id);
    },
    async get(id) {
      const file = isMediaId(id) ? await oldest(id) : null;
      if (!file) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      return {
        ref: photoRef(id, file.length, photoMeta(file.metadata as PhotoMeta)),
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    },
  };
}
