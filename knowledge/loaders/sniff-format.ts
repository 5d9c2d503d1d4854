import { unzipSync } from 'fflate';
import { utf16WithoutBom } from './decode-text.js';

export type SniffedFormat = 'empty' | 'pdf' | 'docx' | 'ole2' | 'zip' | 'image' | 'html' | 'text' | 'binary';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** Part names of a zip, from its central directory only (nothing is inflated). */
function zipEntries(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return [];
  }
  return names;
}

/**
 * What a file is by its bytes, not its name: a PDF renamed .md is still a PDF. Text is anything without NUL
 * bytes in its first 8 KB (UTF-16 is recognised by its byte-order mark); HTML is text that starts like a page.
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.byteLength === 0) return 'empty';
  const head = bytes.subarray(0, 1024);
  // A PDF may have a few bytes of junk before its header (the spec allows it within the first 1024 bytes).
  if (new TextDecoder('latin1').decode(head).includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  const image = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47], [0x47, 0x49, 0x46, 0x38], [0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x42, 0x4d]];
  if (image.some((sig) => startsWith(bytes, sig)) || (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))) return 'image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return zipEntries(bytes).includes('word/document.xml') ? 'docx' : 'zip';
  }
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) {
    // Text with stray NULs is still text (cleaned later, with a warning); a tenth NULs is binary.
    const sample = bytes.subarray(0, 8192);
    const nuls = sample.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
    if (nuls > sample.length / 10 && !utf16WithoutBom(bytes)) return 'binary';
  }
  const start = new TextDecoder(utf16 ? (bytes[0] === 0xff ? 'utf-16le' : 'utf-16be') : 'latin1').decode(bytes.subarray(0, 512)).replace(/^[\uFEFF\s]+/, '');
  if (/^<(!doctype html|html|head|body|meta|title)[\s>]/i.test(start)) return 'html';
  return 'text';
}
