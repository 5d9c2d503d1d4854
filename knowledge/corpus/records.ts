import type { RepealClaim } from '../chunking/doc-metadata.js';

export interface DocRecord {
  /** Identity across re-ingests (path relative to the ingested folder, or the file name). */
  key: string;
  /** File name, for display and evaluation. */
  source: string;
  kind: 'regulation' | 'handbook';
  title: string;
  docNumber?: string;
  effectiveDate?: string;
  declaredRepealed: boolean;
  repeals: RepealClaim[];
  /** Years of an amended law's texts, oldest first (absent in indexes built before it was recorded). */
  versions?: number[];
  /** sha256 of the source bytes: unchanged files are skipped. */
  hash: string;
  chunkIds: string[];
}

export interface ChunkRecord {
  id: string;
  docKey: string;
  article: string;
  part?: string;
  chapter?: string;
  section?: string;
  text: string;
  /** Handbook item id for handbook chunks. */
  handbookId?: string;
  /** HNSW label once embedded; absent while the vector is pending (e.g. the embeddings API was down). */
  label?: number;
}
