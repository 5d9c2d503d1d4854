import type { KnowledgeBase } from '../knowledge/index.js';

export type { Answer, Citation, HandbookItem, TriageSuggestion } from '../knowledge/index.js';

/**
 * The part of the knowledge base the conversations use, so a conversation test can pass a small
 * stand-in without building an index.
 */
export type KnowledgePort = Pick<KnowledgeBase, 'ask' | 'handbook' | 'handbookItem' | 'triage'>;
