import type { IndexStorage } from './storage/index-storage.js';

/** A reference to one article (条) of a document, or to one handbook item. */
export interface Citation {
  docTitle: string;
  article: string;
  docNumber?: string;
  quote?: string;
  /** True when the cited document has been repealed: only ever shown as history, never as current law. */
  repealed?: boolean;
  /** The article's items (项) the answer rests on, e.g. `['（四）', '（六）']`; absent when it rests on the whole article. */
  items?: string[];
  /** For penalty questions: whether this is the article that sets the penalty or the one that sets the duty. */
  role?: 'penalty' | 'duty';
}

/**
 * `answer`: cited and confident. `related`: sources were found but the match is not certain; the
 * citations are 1–3 candidate articles for the reader to check. `refusal`: nothing relevant.
 */
export interface Answer {
  kind: 'answer' | 'related' | 'refusal';
  text: string;
  citations: Citation[];
  mode: 'offline' | 'llm';
}

export interface HandbookItem {
  id: string;
  category: string;
  title: string;
  description: string;
  basis: Citation[];
  /** Listed as a 重大事故隐患 in the cited standard. */
  major: boolean;
  evidence: string[];
  measures: string[];
  keywords: string[];
}

/** A suggestion for an official to confirm; never a decision. */
export interface TriageSuggestion {
  items: HandbookItem[];
  maybeMajor: boolean;
  basis: Citation[];
}

export interface IngestResult {
  added: number;
  replaced: number;
  skipped: number;
  chunks: number;
  /** Files that could not be read or yielded no text (e.g. a scanned PDF); the others are still ingested. */
  failed: Array<{ file: string; error: string }>;
  /** Ingested, but something was cleaned or is worth knowing (encoding converted, hidden text dropped, no articles). */
  warnings: Array<{ file: string; message: string }>;
  /** Instruction-like sentences removed from ingested files ("系统指令：…"): for a person to review. */
  flagged: Array<{ file: string; text: string }>;
}

/** One article found by retrieval, best first (exposed for evaluation and "related articles" views). */
export interface RetrievedArticle {
  docTitle: string;
  article: string;
  /** File name the document was ingested from (e.g. `anquan-shengchan-fa-2021.md`); `handbook` for handbook items. */
  source: string;
  score: number;
  repealed: boolean;
}

export type Locale = 'zh-CN' | 'en';

export interface KnowledgeBase {
  ask(question: string, opts?: { locale?: Locale }): Promise<Answer>;
  /** Ranked articles for a question, without composing an answer. */
  retrieve(question: string, limit?: number): Promise<RetrievedArticle[]>;
  handbook(keyword: string, limit?: number): HandbookItem[];
  handbookItem(id: string): HandbookItem | undefined;
  triage(description: string): Promise<TriageSuggestion>;
  ingest(
    paths: string[],
    opts?: { onProgress?: (done: number, total: number, file: string) => void; replace?: boolean },
  ): Promise<IngestResult>;
  close(): Promise<void>;
}

export interface LlmConfig {
  baseURL: string;
  apiKey: string;
  chatModel: string;
  /** Without it, embeddings stay local (feature hashing) even when a chat model is configured. */
  embeddingModel?: string;
  embeddingDimensions?: number;
  /** Inputs per embeddings request (providers differ: DashScope accepts 10). */
  embeddingBatchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface KnowledgeLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface KnowledgeConfig {
  /** Index goes to `<dataDir>/knowledge/` unless `storage` is given. Default `./data`. */
  dataDir?: string;
  storage?: IndexStorage;
  llm?: LlmConfig;
  logger?: KnowledgeLogger;
  /** How often (ms) to check whether another instance published a newer index version. Default 30 s. */
  refreshIntervalMs?: number;
}
