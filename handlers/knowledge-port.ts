import type { HandbookItem, KnowledgeBase } from '../knowledge/index.js';

export type { Answer, Citation, HandbookItem, TriageSuggestion } from '../knowledge/index.js';

/**
 * The part of the knowledge base the conversations use, so a conversation test can pass a small
 * stand-in without building an index. Handbook look-ups may be async: the app opens the knowledge
 * base at its first use (app/lazy-knowledge.ts).
 */
export interface KnowledgePort extends Pick<KnowledgeBase, 'ask' | 'triage'> {
  handbook(keyword: string, limit?: number): HandbookItem[] | Promise<HandbookItem[]>;
  handbookItem(id: string): HandbookItem | undefined | Promise<HandbookItem | undefined>;
}
