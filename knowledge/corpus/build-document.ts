import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { chunkDocument } from '../chunking/chunk-document.js';
import { docMetadata } from '../chunking/doc-metadata.js';
import { parseLegalStructure } from '../chunking/legal-structure.js';
import { handbookItemText, type Handbook } from '../handbook/load-handbook.js';
import type { LoadedFile } from '../loaders/load-file.js';
import type { ChunkRecord, DocRecord } from './records.js';

export type DraftDoc = Omit<DocRecord, 'chunkIds'>;
export type DraftChunks = Array<Omit<ChunkRecord, 'id' | 'docKey'>>;

export const HANDBOOK_KEY = 'handbook';

export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A loaded file → document record (title, number, dates, repeal info) and its article chunks. */
export async function buildDocument(file: LoadedFile): Promise<{ doc: DraftDoc; chunks: DraftChunks }> {
  const structure = parseLegalStructure(file.text);
  const meta = docMetadata({
    frontMatter: file.frontMatter,
    ...(file.title ? { formatTitle: file.title } : {}),
    structure,
    text: file.text,
    fallbackTitle: basename(file.path, extname(file.path)),
  });
  const chunks = await chunkDocument(structure);
  const doc: DraftDoc = {
    key: file.key,
    source: basename(file.path),
    kind: 'regulation',
    title: meta.title,
    ...(meta.docNumber ? { docNumber: meta.docNumber } : {}),
    ...(meta.effectiveDate ? { effectiveDate: meta.effectiveDate } : {}),
    declaredRepealed: meta.repealed,
    repeals: meta.repeals,
    ...(meta.versions.length > 1 ? { versions: meta.versions } : {}),
    hash: contentHash(file.bytes),
  };
  return { doc, chunks };
}

/** The shipped handbook as one document, one chunk per item. */
export function handbookDocument(h: Handbook): { doc: DraftDoc; chunks: DraftChunks } {
  return {
    doc: { key: HANDBOOK_KEY, source: HANDBOOK_KEY, kind: 'handbook', title: h.title, declaredRepealed: false, repeals: [], hash: h.hash },
    chunks: h.items.map((item) => ({ article: item.id, text: handbookItemText(item), handbookId: item.id })),
  };
}
