import type { Inbound, Outbound } from '../domain/index.js';

/** The one entry point every channel calls: one conversation step in, the replies out. */
export interface ConversationHandler {
  handle(inbound: Inbound): Promise<Outbound[]>;
}
