import { GrammyError, type Api } from 'grammy';
import { DomainError, type MediaRef } from '../../domain/index.js';

/** What a message says about a file (PhotoSize or Document). */
export interface TelegramFile {
  file_id: string;
  file_size?: number;
  file_name?: string;
  mime_type?: string;
}

export interface FileSource {
  api: Api;
  /** `https://api.telegram.org/file/bot<token>/`; it holds the token, so it never reaches a log or an error. */
  fileBase: string;
  /** Telegram's cloud Bot API serves at most 20 MB. */
  maxBytes: number;
}

const tooLarge = (maxBytes: number) => new DomainError('MEDIA_TOO_LARGE', 'file too large', { maxMb: Math.floor(maxBytes / 2 ** 20) });
/** Telegram would not hand the file over (expired or unknown file_id, server error): the user hears exactly that. */
const undeliverable = (why: string) => new DomainError('UNSUPPORTED_MEDIA', `Telegram could not deliver the file: ${why}`, { hint: 'undeliverable' });

/** A photo the handlers fetch only if they keep it: getFile, then the download, capped at `maxBytes`. */
export function telegramMediaRef(src: FileSource, f: TelegramFile): MediaRef {
  return {
    fileName: f.file_name,
    // A photo (no name, no type) is a JPEG Telegram re-encoded; a document says what it claims to be.
    declaredMime: f.mime_type ?? (f.file_name ? undefined : 'image/jpeg'),
    sizeHint: f.file_size,
    async download() {
      if ((f.file_size ?? 0) > src.maxBytes) throw tooLarge(src.maxBytes);
      const file = await src.api.getFile(f.file_id).catch((e: unknown) => {
        if (e instanceof GrammyError && /too big/i.test(e.description)) throw tooLarge(src.maxBytes);
        if (e instanceof GrammyError) throw undeliverable(`getFile ${e.error_code}`);
        throw e;
      });
      if (!file.file_path) throw undeliverable('no file path');
      if ((file.file_size ?? 0) > src.maxBytes) throw tooLarge(src.maxBytes);
      const res = await fetch(src.fileBase + file.file_path);
      if (!res.ok || !res.body) throw undeliverable(`download HTTP ${res.status}`);
      return readCapped(res.body, src.maxBytes);
    },
  };
}

/** Stops reading as soon as the cap is passed: a wrong file_size must not fill the memory. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
