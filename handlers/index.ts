export { createConversationHandler, parseCommand } from './conversation.js';
export type { HandlerDeps, HandlerLogger } from './context.js';
export type { KnowledgePort, Answer, Citation, HandbookItem, TriageSuggestion } from './knowledge-port.js';
export { intakePhoto, thumbnail, type PhotoLimits } from './media/photo-intake.js';
export type { ConversationHandler } from './types.js';
