import { analyse } from 'chardet';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/** Limits an uploaded workbook must stay within before ExcelJS (which inflates everything in memory) sees it. */
export const WORKBOOK_LIMITS = {
  /** Sum of the uncompressed sizes of all parts. A 5,000-row ledger is about 3 MB of XML. */
  maxUncompressedBytes: 60 * 1024 * 1024,
  maxEntries: 500,
  /** Compression ratio of one part beyond which it is a bomb, not a spreadsheet (real sheets stay under ~30). */
  maxRatio: 200,
};

export interface WorkbookRefusal {
  message: string;
  /** 413 when the file is too big once unpacked, 400 for every other unreadable file. */
  status: 400 | 413;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (data: Uint8Array, sig: number[]) => sig.every((b, i) => data[i] === b);
const refuse = (message: string, status: 400 | 413 = 400): WorkbookRefusal => ({ message, status });

/** Text that is not a spreadsheet at all: mostly printable characters in some encoding chardet recognises. */
function textEncoding(data: Uint8Array): string | undefined {
  const head = data.subarray(0, 64 * 1024);
  if (head.includes(0)) return undefined;
  const best = analyse(head)[0];
  return best && best.confidence >= 10 ? best.name : undefined;
}

/**
 * Checks the bytes of an upload that claims to be an .xlsx: its format by signature (not by name) and, from the
 * zip's central directory alone, how many parts it has and how big they are unpacked (zip-bomb guard).
 * Returns a localized refusal that says what to do instead, or undefined when ExcelJS may read it.
 */
export function checkWorkbookBytes(data: Uint8Array): WorkbookRefusal | undefined {
  if (data.byteLength === 0) return refuse('上传的文件是空的（0字节）：请重新选择台账文件。');
  if (startsWith(data, OLE2)) {
    // A password-protected .xlsx is an OLE2 container holding an "EncryptedPackage" stream.
    if (Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      return refuse('文件设置了打开密码（已加密），系统无法读取：请在Excel中打开，在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码，保存后再上传。');
    }
    return refuse('这是旧版Excel（.xls，97-2003格式）或其他Office旧格式文件，系统只读取 .xlsx：请在Excel中“另存为 → Excel工作簿（*.xlsx）”后再上传。');
  }
  if (!startsWith(data, [0x50, 0x4b])) {
    const enc = textEncoding(data);
    if (enc) {
      const gbk = /GB|Big5/i.test(enc) ? `（文字编码为${enc.replace('GB18030', 'GBK/GB18030')}）` : '';
      return refuse(`这是文本（CSV）文件${gbk}，只是扩展名被改成了 .xlsx：请用Excel打开它，再“另存为 → Excel工作簿（*.xlsx）”后上传。`);
    }
    return refuse('无法读取该文件：它不是Excel工作簿（.xlsx）。请上传 .xlsx 格式的台账（可先下载模板）。');
  }
  const entries: { name: string; size: number; packed: number }[] = [];
  try {
    // The filter sees each central-directory entry and returns false, so nothing is inflated here.
    unzipSync(data, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.originalSize, packed: f.size });
        return false;
      },
    });
  } catch {
    return refuse('文件不完整或已损坏（可能上传或下载时被截断）：请重新保存或重新下载后再上传。');
  }
  if (entries.length === 0) return refuse('文件不完整或已损坏：压缩包中没有任何内容。请重新保存后再上传。');
  if (entries.length > WORKBOOK_LIMITS.maxEntries) {
    return refuse(`文件内部包含${entries.length}个部件，超过上限${WORKBOOK_LIMITS.maxEntries}个，不像正常的台账，已拒收：请另存为新的 .xlsx 后再上传。`, 413);
  }
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > WORKBOOK_LIMITS.maxUncompressedBytes) {
    const mb = Math.round(total / 1024 / 1024);
    return refuse(`文件解压后约${mb} MB，超过上限${WORKBOOK_LIMITS.maxUncompressedBytes / 1024 / 1024} MB，已拒收：请删除多余的工作表、图片和格式，或按镇（乡）分批导入。`, 413);
  }
  const bomb = entries.find((e) => e.size > 1024 * 1024 && e.size / Math.max(1, e.packed) > WORKBOOK_LIMITS.maxRatio);
  if (bomb) {
    return refuse(`文件中的“${bomb.name}”压缩了约${Math.round(bomb.size / Math.max(1, bomb.packed))}倍，不像正常的表格（疑似“压缩炸弹”），已拒收：请在Excel中另存为新的 .xlsx 后再上传。`, 413);
  }
  // The other end of the central directory: every entry must lie inside the file.
  if (entries.some((e) => e.packed > data.byteLength)) return refuse('文件不完整或已损坏（可能上传时被截断）：请重新保存后再上传。');
  const lie = inflatesBeyond(data, new Map(entries.map((e) => [e.name, e.size])));
  if (lie) return refuse(`文件中的“${lie}”解压后的实际大小超过其声明的大小（疑似“压缩炸弹”），已拒收：请在Excel中另存为新的 .xlsx 后再上传。`, 413);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    const what = entries.some((e) => e.name === 'word/document.xml') ? 'Word文档（.docx）' : entries.some((e) => e.name.startsWith('ppt/')) ? 'PowerPoint演示文稿' : '压缩包';
    return refuse(`这是${what}，不是Excel工作簿（.xlsx）：请上传台账表格（可先下载模板）。`);
  }
  return undefined;
}

/**
 * Inflates every part in small steps, counting bytes, to catch a zip whose directory understates its sizes
 * (the directory check above trusts it). Stops at the first part that grows past its declared size or past
 * the total limit and returns its name; nothing inflated is kept.
 */
function inflatesBeyond(data: Uint8Array, declared: Map<string, number>): string | undefined {
  let total = 0;
  let offender: string | undefined;
  const unzip = new Unzip((file) => {
    let size = 0;
    const limit = Math.min(declared.get(file.name) ?? 0, WORKBOOK_LIMITS.maxUncompressedBytes);
    file.ondata = (err, chunk) => {
      if (err || offender) return;
      size += chunk.length;
      total += chunk.length;
      if (size > limit || total > WORKBOOK_LIMITS.maxUncompressedBytes) offender = file.name;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // 16 KB of deflate inflates to at most ~16 MB, so no step can allocate much (smaller steps cost fflate more time).
    const step = 16 * 1024;
    for (let at = 0; at < data.length && !offender; at += step) unzip.push(data.subarray(at, at + step), at + step >= data.length);
  } catch {
    // A part that fails to inflate is ExcelJS's to report as a damaged file.
  }
  return offender;
}
