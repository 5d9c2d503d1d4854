import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type Db } from 'mongodb';

/**
 * The knowledge index's blobs in GridFS, so every instance on one database reads the same index
 * version. A name may be written again (the manifest is): the newest upload wins and older copies
 * are removed after it is complete, so a reader never sees a half-written blob.
 */
export function gridFsIndexStorage(db: Db, bucketName = 'knowledge') {
  const bucket = new GridFSBucket(db, { bucketName });

  async function files(name: string) {
    return bucket.find({ filename: name }).sort({ uploadDate: -1, _id: -1 }).toArray();
  }

  return {
    async load(name: string): Promise<Uint8Array | null> {
      const newest = (await files(name))[0];
      if (!newest) return null;
      const chunks: Buffer[] = [];
      for await (const c of bucket.openDownloadStream(newest._id)) chunks.push(c as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },
    async save(name: string, bytes: Uint8Array): Promise<void> {
      const upload = bucket.openUploadStream(name);
      await pipeline(Readable.from([Buffer.from(bytes)]), upload);
      for (const old of (await files(name)).filter((f) => !f._id.equals(upload.id))) await bucket.delete(old._id);
    },
    async remove(name: string): Promise<void> {
      for (const f of await files(name)) await bucket.delete(f._id);
    },
  };
}
