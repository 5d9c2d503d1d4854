import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being handled. The logger's mixin (logger.ts) adds its id to every line logged while it
 * runs, by any part of the app (handlers, stores, the jobs it triggers), not only the access line.
 */
export const requestScope = new AsyncLocalStorage<{ reqId: string }>();
