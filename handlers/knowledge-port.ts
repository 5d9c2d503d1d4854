/**
 * The part of the knowledge base the conversations use. knowledge/index.ts implements it; handlers
 * depend on this shape only, so a conversation test can run without building an index.
 */
export interface Citation {
  docTitle: string;
  article: string;
  docNumber?: string;
  quote?: string;
  repealed?: boolean;
}
export interface Answer {
  kind: 'answer' | 'refusal';
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
  major: boolean;
  evidence: string[];
  measures: string[];
  keywords: string[];
}
export interface TriageSuggestion {
  items: HandbookItem[];
  maybeMajor: boolean;
  basis: Citation[];
}
export interface KnowledgePort {
  ask(question: string, opts?: { locale?: 'zh-CN' | 'en' }): Promise<Answer>;
  handbook(keyword: string, limit?: number): HandbookItem[];
  handbookItem(id: string): HandbookItem | undefined;
  triage(description: string): Promise<TriageSuggestion>;
}
