import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { cleanText } from './clean-text.js';
import { decodeText } from './decode-text.js';
import { dropHiddenDocxText } from './docx-hidden.js';
import { splitFrontMatter } from './front-matter.js';
import { dropHiddenMarkup, htmlToText } from './html.js';
import { IngestRefusal } from './ingest-refusal.js';
import { hiddenPdfText, withoutHidden } from './pdf-hidden.js';
import { sniffFormat } from './sniff-format.js';

export interface LoadedFile {
  /** Identity of the document across re-ingests: path relative to the folder given, or the file name. */
  key: string;
  path: string;
  text: string;
  /** Title known from the format itself (HTML <title>), if any. */
  title?: string;
  frontMatter: Record<string, unknown>;
  bytes: Buffer;
  /** What was cleaned on the way in (encoding, control characters, hidden text), for the ingest report. */
  warnings: string[];
  /** Instruction-like sentences removed from the text, to be reviewed by a person. */
  flagged: string[];
}

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.text', '.docx', '.pdf', '.html', '.htm'];

/** Expands folders (recursively) into supported files; keys are relative to the folder that was given. */
export async function expandPaths(paths: string[]): Promise<Array<{ path: string; key: string }>> {
  const out: Array<{ path: string; key: string }> = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile() && SUPPORTED_EXTENSIONS.includes(extname(e.name).toLowerCase()))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      for (const f of files) out.push({ path: f, key: relative(p, f).split('\\').join('/') });
    } else {
      out.push({ path: p, key: basename(p) });
    }
  }
  return out;
}

/** A regulation's text is well under a megabyte; a scanned PDF of one may reach tens. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

const NO_TEXT_LAYER = 'PDF没有文字层（空白页或扫描图片）：请先做OCR文字识别，再导入识别后的文本或PDF（no text layer: OCR first）。';

async function pdfText(bytes: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    // pdf-parse marks page breaks with "-- 1 of 3 --"; they are not the document's text.
    return (await parser.getText()).text.replace(/^-- \d+ of \d+ --$/gm, '');
  } catch (err) {
    throw new IngestRefusal('format', `PDF文件已损坏或被加密，无法读取（${err instanceof Error ? err.message : String(err)}）：请用PDF阅读器另存后再导入。`);
  } finally {
    await parser.destroy();
  }
}

async function docxText(bytes: Buffer, warnings: string[]): Promise<string> {
  const mammoth = await import('mammoth');
  const visible = dropHiddenDocxText(new Uint8Array(bytes));
  if (visible.hiddenRuns) warnings.push(`已删除 ${visible.hiddenRuns} 处隐藏文字（Word“隐藏”格式），未收录`);
  if (visible.deletedRevisions) warnings.push(`已删除 ${visible.deletedRevisions} 处修订中被删除的文字，未收录`);
  return (await mammoth.extractRawText({ buffer: Buffer.from(visible.bytes) })).value;
}

async function dropHiddenPdfText(raw: string, bytes: Buffer, warnings: string[]): Promise<string> {
  const visible = withoutHidden(raw, await hiddenPdfText(new Uint8Array(bytes)));
  if (visible.removed) warnings.push(`已删除 ${visible.removed} 处PDF中看不见的文字（隐藏渲染、白色或极小字号），未收录`);
  return visible.text;
}

/** Text with letters in it: page numbers, punctuation and whitespace alone are no text layer. */
const hasWords = (s: string) => /[\p{Script=Han}\p{L}]{2,}/u.test(s.replace(/第\s*\d+\s*页|Page\s*\d+/gi, ''));

/**
 * Reads one file into plain text by what its bytes are (a PDF named .md is read as a PDF), decoding text in
 * whatever encoding it came in, dropping hidden and instruction-like text and control characters. A file
 * that yields no text is refused with what to do instead (IngestRefusal). Heavy parsers load on demand.
 */
export async function loadFile(path: string, key: string): Promise<LoadedFile> {
  const size = (await stat(path)).size;
  if (size > MAX_FILE_BYTES) {
    throw new IngestRefusal('format', `文件有${Math.round(size / 1024 / 1024)} MB，超过上限${MAX_FILE_BYTES / 1024 / 1024} MB：一部法规的文本通常不到1 MB，请确认文件无误，或拆分后再导入。`);
  }
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  const format = sniffFormat(bytes);
  const warnings: string[] = [];
  let raw: string;
  let title: string | undefined;
  let frontMatter: Record<string, unknown> = {};

  switch (format) {
    case 'empty':
      throw new IngestRefusal('empty', '文件是空的（0字节）：请检查是否导出或复制完整。');
    case 'ole2':
      throw new IngestRefusal('format', '这是旧版Office文件（.doc/.xls，97-2003格式）：请在Word中“另存为 .docx”或导出为PDF后再导入。');
    case 'image':
      throw new IngestRefusal('no-text-layer', `这是图片文件（扩展名为${ext || '无'}），没有文字：请先做OCR文字识别，再导入识别后的文本（no text layer: OCR first）。`);
    case 'zip':
    case 'binary':
      throw new IngestRefusal('format', `无法识别的文件内容（不是${ext || '文本'}文件，也不是PDF、DOCX或HTML）：请导出为 .md/.txt（UTF-8）、.docx、.pdf 或 .html 后再导入。`);
    case 'pdf':
      if (ext !== '.pdf') warnings.push(`文件名是${ext || '无扩展名'}，内容实为PDF，已按PDF读取`);
      raw = await pdfText(bytes);
      if (!hasWords(raw)) throw new IngestRefusal('no-text-layer', NO_TEXT_LAYER);
      raw = await dropHiddenPdfText(raw, bytes, warnings);
      break;
    case 'docx':
      if (ext !== '.docx') warnings.push(`文件名是${ext || '无扩展名'}，内容实为Word文档（.docx），已按DOCX读取`);
      raw = await docxText(bytes, warnings);
      break;
    case 'html':
    case 'text': {
      const decoded = decodeText(bytes, { html: format === 'html' || ext === '.html' || ext === '.htm' });
      if (decoded.encoding !== 'utf-8') warnings.push(`文字编码为${decoded.encoding.toUpperCase()}，已转换为UTF-8`);
      if (decoded.invalidBytes) warnings.push(`有 ${decoded.invalidBytes} 处无效的UTF-8字节，已删除：请核对原文是否完整`);
      if (format === 'html' || ext === '.html' || ext === '.htm') {
        const page = htmlToText(decoded.text);
        if (page.hiddenDropped) warnings.push(`已删除 ${page.hiddenDropped} 处隐藏的网页元素（不显示的文字），未收录`);
        raw = page.text;
        title = page.title;
      } else {
        const fm = splitFrontMatter(decoded.text.replace(/\r\n?/g, '\n'));
        // Markdown renders HTML comments and hidden elements as nothing: a reader never sees them.
        const shown = dropHiddenMarkup(fm.body);
        if (shown.dropped) warnings.push(`已删除 ${shown.dropped} 处不显示的内容（HTML注释或隐藏元素），未收录`);
        raw = shown.text;
        frontMatter = fm.data;
      }
      break;
    }
  }

  const cleaned = cleanText(raw);
  if (cleaned.controlChars) warnings.push(`已删除 ${cleaned.controlChars} 个控制字符或不可见字符（如NUL、零宽字符）`);
  if (!hasWords(cleaned.text)) {
    throw new IngestRefusal('empty', format === 'pdf' ? NO_TEXT_LAYER : '文件中没有文字（空白或只有空格）：请检查是否导出或复制完整。');
  }
  const file: LoadedFile = { key, path, bytes, text: cleaned.text, frontMatter, warnings, flagged: cleaned.flagged };
  return title ? { ...file, title } : file;
}
