import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { IdentityRepo, Stores, TownRepo } from '../domain/index.js';

/**
 * Reads that one HTTP request repeats, served once while it runs. A web chat step reads the session's identity in the
 * password guard and again in the handler, and a submit reads the case's town three times: on MongoDB each is a round
 * trip, and on FerretDB the command costs more CPU than anything else in the step (docs/PERFORMANCE.md). Nothing is
 * kept past the request, so no replica serves another's stale copy.
 */
interface Scope {
  open: boolean;
  entries: Map<string, Promise<unknown>>;
}
const scopes = new AsyncLocalStorage<Scope>();

/** Opens the memo for the request; work the request left running reads the store again once it has been answered. */
export const requestMemo: MiddlewareHandler = async (_c, next) => {
  const scope: Scope = { open: true, entries: new Map() };
  try {
    await scopes.run(scope, next);
  } finally {
    scope.open = false;
    scope.entries.clear();
  }
};

function remembered<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
  const scope = scopes.getStore();
  if (!scope?.open) return load();
  const hit = scope.entries.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const loading = load().then(
    (v) => {
      if (!keep(v)) scope.entries.delete(key);
      return v;
    },
    (e: unknown) => {
      scope.entries.delete(key);
      throw e;
    },
  );
  scope.entries.set(key, loading);
  return loading;
}

/** A write in the request drops what it may have changed. */
function forget(prefix: string): void {
  const scope = scopes.getStore();
  for (const key of scope?.entries.keys() ?? []) if (key.startsWith(prefix)) scope!.entries.delete(key);
}

function identitiesOnce(repo: IdentityRepo): IdentityRepo {
  const writes = <A extends unknown[]>(write: (...a: A) => Promise<void>) => async (...a: A) => {
    try {
      await write(...a);
    } finally {
      forget('chat:');
    }
  };
  return {
    ...repo,
    // Only a bound chat is remembered. The web chat's guard reads before the chat lock; while this step waits for it,
    // the chat's step ahead may bind the chat (a first report), and this one must then act as that identity, not
    // create another. A binding that changes while a bound chat's step waits (a log-out) applies from its next step.
    byChat: (chat) => remembered(`chat:${chat}`, () => repo.byChat(chat), (i) => i !== null),
    insert: writes(repo.insert.bind(repo)),
    update: writes(repo.update.bind(repo)),
    bind: writes(repo.bind.bind(repo)),
    unbind: writes(repo.unbind.bind(repo)),
  };
}

function townsOnce(repo: TownRepo): TownRepo {
  return {
    ...repo,
    get: (id) => remembered(`town:${id}`, () => repo.get(id), () => true),
    async upsert(t) {
      try {
        await repo.upsert(t);
      } finally {
        forget('town:');
      }
    },
  };
}

/** The stores with the request memo in front of the reads above; outside a request they read the store every time. */
export function withRequestMemo<S extends Stores>(stores: S): S {
  return Object.assign(stores, { identities: identitiesOnce(stores.identities), towns: townsOnce(stores.towns) });
}
