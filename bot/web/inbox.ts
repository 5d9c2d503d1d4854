import type { ChatPort, ChatRef, Outbound } from '../../domain/index.js';

/**
 * Pushes for web chat sessions wait here until the page polls. Bounded per chat so an abandoned
 * tab cannot grow memory; a page that was closed simply sees the latest messages when it returns.
 */
export class WebInbox implements ChatPort {
  private readonly queues = new Map<ChatRef, Outbound[]>();
  constructor(private readonly maxPerChat = 50) {}

  async send(chat: ChatRef, messages: Outbound[]): Promise<void> {
    const q = this.queues.get(chat) ?? [];
    q.push(...messages);
    this.queues.set(chat, q.slice(-this.maxPerChat));
  }

  take(chat: ChatRef): Outbound[] {
    const q = this.queues.get(chat) ?? [];
    this.queues.delete(chat);
    return q;
  }
}
