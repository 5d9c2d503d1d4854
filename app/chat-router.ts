import type { ChatPort, ChatRef, Outbound, SendOptions } from '../domain/index.js';

/** Sends each push through the channel that owns the chat reference's prefix (`tg:`, `wecom:`, `web:` …). */
export class ChatRouter implements ChatPort {
  private readonly routes = new Map<string, ChatPort>();

  register(prefixes: string[], port: ChatPort): this {
    for (const p of prefixes) this.routes.set(p, port);
    return this;
  }

  async send(chat: ChatRef, messages: Outbound[], opts?: SendOptions): Promise<void> {
    const prefix = chat.slice(0, chat.indexOf(':'));
    const port = this.routes.get(prefix);
    if (!port) throw new Error(`no channel for chat prefix "${prefix}"`);
    await port.send(chat, messages, opts);
  }
}
