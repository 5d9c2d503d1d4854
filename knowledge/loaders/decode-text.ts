import { analyse } from 'chardet';
import { IngestRefusal } from './ingest-refusal.js';

export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding the bytes were read in. */
  encoding: string;
  /** Bytes that were not valid in that encoding (replaced, then removed). */
  invalidBytes: number;
}

/** Encodings a Chinese regulation plausibly comes in, by chardet's name → TextDecoder's label. */
const DECODERS: Record<string, string> = {
  'UTF-8': 'utf-8',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  GB18030: 'gb18030',
  Big5: 'big5',
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  ASCII: 'utf-8',
};

function bom(bytes: Uint8Array): { label: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', skip: 2 };
  return undefined;
}

/** `<meta charset=gbk>` / `<meta http-equiv content="text/html; charset=gb2312">` in the first 2 KB of an HTML page. */
function htmlCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

function decode(bytes: Uint8Array, label: string): DecodedText {
  const text = new TextDecoder(label).decode(bytes);
  const invalidBytes = (text.match(/\uFFFD/g) ?? []).length;
  return { text: invalidBytes ? text.replace(/\uFFFD/g, '') : text, encoding: new TextDecoder(label).encoding, invalidBytes };
}

/** Characters a Chinese regulation is made of: CJK, CJK and full-width punctuation, printable ASCII, line ends. */
const REGULATION_CHAR = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\n\r\t]/g;

/** UTF-16 saved without a byte-order mark (some Windows tools do): chardet cannot tell, the characters can. */
export function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  if (bytes.length < 16 || bytes.length % 2 !== 0) return undefined;
  const sample = bytes.subarray(0, 64 * 1024);
  for (const label of ['utf-16le', 'utf-16be']) {
    const text = new TextDecoder(label).decode(sample);
    if ((text.match(REGULATION_CHAR) ?? []).length >= 0.97 * text.length) return label;
  }
  return undefined;
}

/** Strictly valid UTF-8 (the common case) is taken without guessing. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text bytes → string: a byte-order mark decides first, then an HTML page's declared charset, then strict
 * UTF-8, then chardet's guess among the encodings above. GBK/GB2312 are read as GB18030 (their superset).
 * An encoding it cannot name is refused rather than stored as mojibake.
 */
export function decodeText(bytes: Uint8Array, opts: { html?: boolean } = {}): DecodedText {
  const b = bom(bytes);
  if (b) return decode(bytes.subarray(b.skip), b.label);
  const declared = opts.html ? htmlCharset(bytes) : undefined;
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    const label = /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared) ? 'gb18030' : declared;
    try {
      return decode(bytes, label);
    } catch {
      // An unknown label: fall through to detection.
    }
  }
  if (isUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', invalidBytes: 0 };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return decode(bytes, utf16);
  const guesses = analyse(bytes).filter((g) => DECODERS[g.name]);
  // Mostly-UTF-8 with a few broken bytes (a bad copy, a truncated download): keep it as UTF-8 and say so.
  const asUtf8 = decode(bytes, 'utf-8');
  const cjk = (asUtf8.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  if (cjk > 0 && asUtf8.invalidBytes <= Math.max(3, cjk / 50)) return asUtf8;
  const best = guesses[0];
  if (!best || best.confidence < 10) {
    throw new IngestRefusal('encoding', '无法识别文件的文字编码：请另存为 UTF-8 编码的文本后再导入。');
  }
  const decoded = decode(bytes, DECODERS[best.name]!);
  // A single-byte Western guess for bytes that are really Chinese yields no Chinese at all: refuse.
  if (DECODERS[best.name] === 'windows-1252' && !/[\u4e00-\u9fff]/.test(decoded.text) && /[\u0080-\u00ff]{4}/.test(decoded.text)) {
    throw new IngestRefusal('encoding', `无法可靠识别文件的文字编码（猜测为${best.name}，但解码后不是正常文字）：请另存为 UTF-8 编码后再导入。`);
  }
  return decoded;
}
