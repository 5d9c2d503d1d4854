import type { ChatRef } from './messages.js';

/**
 * Runs the steps of one dialog one at a time across every replica (a short Redis lock in production).
 * `task` does not run when the lock stays taken for too long: `run` then rejects with `ChatBusyError`.
 */
export interface ChatLock {
  run<T>(key: ChatRef, task: () => Promise<T>): Promise<T>;
}

export class ChatBusyError extends Error {
  override readonly name = 'ChatBusyError';
}
