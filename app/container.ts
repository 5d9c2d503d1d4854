import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../domain/index.js';
import { createConversationHandler, type KnowledgePort } from '../handlers/index.js';
import { ensureAdmin, type AccountDeps } from '../handlers/accounts.js';
import { WebInbox } from '../bot/web/inbox.js';
import { createWebChat } from '../bot/web/routes.js';
import { ChatRouter } from './chat-router.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import { seedTowns } from './seed.js';
import { openStores } from './stores.js';

export interface AppOptions {
  clock?: Clock;
  knowledge?: KnowledgePort;
}

/** The composition root: opens the stores, builds the handlers and every configured channel. */
export async function createApp(config: AppConfig, log: Logger, opts: AppOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const stores = await openStores(config.store);
  const seeded = await seedTowns(stores.towns);
  if (seeded) log.info({ towns: seeded }, 'seeded towns');

  const accounts: AccountDeps = { identities: stores.identities, towns: stores.towns, newId: randomUUID, now: () => clock.now() };
  const adminPassword = await ensureAdmin(accounts);
  if (adminPassword) {
    // Printed once, at the first start only: log in as "admin" and change it.
    log.warn({ username: 'admin', oneTimePassword: adminPassword }, 'created the local admin account; change this password at first login');
  }

  const inbox = new WebInbox();
  const chat = new ChatRouter().register(['web'], inbox);

  const handler = createConversationHandler({
    stores,
    clock,
    newId: randomUUID,
    casePrefix: config.cases.numberPrefix,
    photoLimits: config.uploads,
    defaultLocale: config.defaultLocale,
    log,
    knowledge: opts.knowledge,
    chat,
  });

  const web = createWebChat({
    handler,
    media: stores.media,
    accounts,
    inbox,
    maxUploadBytes: config.uploads.maxBytes,
    secureCookies: config.http.secureCookies,
    health: async () => ({ store: stores.kind }),
  });

  return {
    fetch: web.fetch,
    handler,
    stores,
    chat,
    async close() {
      await stores.close();
    },
  };
}
