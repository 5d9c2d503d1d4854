// Public API of the knowledge base: regulations & hazard handbook Q&A with citations.
// Nothing outside knowledge/ should import its internals.
export { createKnowledgeBase } from './knowledge-base.js';
export { splitForChannel } from './answer/split-for-channel.js';
export { DirectoryIndexStorage } from './storage/directory-storage.js';
export { MemoryIndexStorage, type IndexStorage } from './storage/index-storage.js';
export type {
  Answer,
  Citation,
  HandbookItem,
  IngestResult,
  KnowledgeBase,
  KnowledgeConfig,
  KnowledgeLogger,
  LlmConfig,
  Locale,
  RetrievedArticle,
  TriageSuggestion,
} from './types.js';
