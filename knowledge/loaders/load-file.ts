import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { splitFrontMatter } from './front-matter.js';
import { htmlToText } from './html.js';

export interface LoadedFile {
  /** Identity of the document across re-ingests: path relative to the folder given, or the file name. */
  key: string;
  path: string;
  text: string;
  /** Title known from the format itself (HTML <title>), if any. */
  title?: string;
  frontMatter: Record<string, unknown>;
  bytes: Buffer;
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

async function pdfText(bytes: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function docxText(bytes: Buffer): Promise<string> {
  const mammoth = await import('mammoth');
  return (await mammoth.extractRawText({ buffer: bytes })).value;
}

/** Reads one file into plain text; heavy parsers (pdf.js, mammoth) load only when such a file appears. */
export async function loadFile(path: string, key: string): Promise<LoadedFile> {
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.pdf':
      return { key, path, bytes, text: await pdfText(bytes), frontMatter: {} };
    case '.docx':
      return { key, path, bytes, text: await docxText(bytes), frontMatter: {} };
    case '.html':
    case '.htm': {
      const { title, text } = htmlToText(bytes.toString('utf8'));
      return title ? { key, path, bytes, text, title, frontMatter: {} } : { key, path, bytes, text, frontMatter: {} };
    }
    default: {
      const { data, body } = splitFrontMatter(bytes.toString('utf8'));
      return { key, path, bytes, text: body, frontMatter: data };
    }
  }
}
