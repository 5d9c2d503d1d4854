import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { H5_BASE } from '../bot/web/h5/index.js';
import { trustForwardedFor } from '../bot/web/client-address.js';
import { MemoryInbox, RedisInbox } from '../bot/web/inbox.js';
import { createWebChat } from '../bot/web/routes.js';
import { systemClock, type Clock } from '../domain/index.js';
import { ensureAdmin, loginGuard, type AccountDeps } from '../handlers/accounts.js';
import { createConversationHandler, type HandlerDeps, type KnowledgePort } from '../handlers/index.js';
import { deliverNotices } from '../handlers/notify.js';
import { createTipService } from '../handlers/tips/index.js';
import { createSqliteTipStores } from '../stores/sqlite/tips-stores.js';
import { createSqliteIntakeStores } from '../stores/sqlite/intake-stores.js';
import { openAlerts } from './alerts.js';
import { channelHealth } from './channel-health.js';
import { startChannels } from './channels.js';
import { ChatRouter } from './chat-router.js';
import type { AppConfig } from './config.js';
import { openDashboard } from './dashboard.js';
import { createMetrics } from './metrics.js';
import { accessLog } from './request-logging.js';
import { wireOfficialsWork } from './officials-work.js';
import { healthChecks } from './health.js';
import { startDeadlines } from './deadlines.js';
import { openCasePushes } from './case-pushes.js';
import { lazyKnowledge } from './lazy-knowledge.js';
import type { Logger } from './logger.js';
import { seedTowns } from './seed.js';
import { openRateLimits } from './rate-limits.js';
import { openButtonTokens } from './button-tokens.js';
import { openStores } from './stores.js';
import { requestMemo, withRequestMemo } from './request-memo.js';

export interface AppOptions {
  clock?: Clock;
  knowledge?: KnowledgePort;
  /**
   * Return as soon as requests can be served and leave the start-up work (the plan file's tasks, the start-up
   * sweep: seconds on a large store) to `finishStart()`, which the caller runs once listening; /readyz says
   * "starting" until it is done. Without it, createApp does that work before returning.
   */
  deferStartWork?: boolean;
}

/** The composition root: opens the stores, builds the handlers and every configured channel. */
export async function createApp(config: AppConfig, log: Logger, opts: AppOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const stores = withRequestMemo(await openStores(config.store));
  // Opened at the first question, not here (see lazy-knowledge.ts).
  const ownKnowledge = opts.knowledge ? undefined : lazyKnowledge(config, stores, log);
  const knowledge = opts.knowledge ?? ownKnowledge;
  const seeded = await seedTowns(stores.towns);
  if (seeded) log.info({ towns: seeded }, 'seeded towns');

  const accounts: AccountDeps = { identities: stores.identities, towns: stores.towns, newId: randomUUID, now: () => clock.now() };
  const adminPassword = await ensureAdmin(accounts);
  if (adminPassword) {
    // Printed once, at the first start only: log in as "admin" and change it.
    log.warn({ username: 'admin', oneTimePassword: adminPassword }, 'created the local admin account; change this password at first login');
  }

  // One Redis connection for the channels' shared state (WeCom tokens, callback de-duplication).
  // ioredis and the MongoDB adapters are imported only when configured (start-up time and memory).
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: null }) : undefined;
  redis?.on('error', (e: Error) => log.warn({ err: e.message }, 'redis connection error'));
  // Every rate limit (login, H5 form, receipt checks, …) counts here: survives restarts, shared by replicas.
  const rateLimits = await openRateLimits(stores, redis);

  // Replicas share everything through the store and Redis: web pushes, one step per chat at a time (scale-out).
  const namespace = `zz:${config.store.kind === 'mongo' ? config.store.dbName : 'local'}`;
  const inbox = redis ? new RedisInbox(redis, `${namespace}:web-inbox`) : new MemoryInbox();
  const chat = new ChatRouter().register(['web'], inbox);
  const metrics = createMetrics({ cases: stores.cases, channels: channelHealth });
  const deadlines = await startDeadlines(config, stores, chat, clock, log, metrics.delivery);
  // Notices recorded with a case change go out through the handlers (notifyPeople, the tip service): swept once `core` exists.
  const casePushes = await openCasePushes(
    stores, deadlines.deliveries, chat, clock, log,
    { notify: (notices) => deliverNotices(core, notices), tipMoved: async (c) => core.tips?.onCaseChanged(c) },
    metrics.delivery,
  );
  const dashboard = await openDashboard(config, stores, clock);
  const tipStores =
    stores.kind === 'mongo' ? await (await import('../stores/mongo/tips-stores.js')).createMongoTipStores(stores.db) : createSqliteTipStores(stores.db);

  const core: HandlerDeps = {
    stores,
    clock,
    newId: randomUUID,
    casePrefix: config.cases.numberPrefix,
    photoLimits: config.uploads,
    defaultLocale: config.defaultLocale,
    log,
    knowledge,
    chat,
    deadlines,
    casePushes,
    // Every edge (chat, dashboard) calls this after a case changes: deadlines are re-planned and an
    // opted-in tipster hears about it (the tip service ignores repeats).
    onCaseChanged: async (c) => {
      const { warnings } = await deadlines.onCaseChanged(c);
      if (warnings.length) log.warn({ caseNumber: c.number, warnings }, 'deadline warnings');
      await core.tips?.onCaseChanged(c);
    },
    dashboardLink: dashboard.link,
    invites: tipStores.invites,
    rateLimits,
    chatLock: redis ? (await import('../stores/redis/chat-lock.js')).redisChatLock(redis, { prefix: `${namespace}:chat-lock` }) : undefined,
  };
  const publicUrl = config.http.publicUrl?.replace(/\/+$/, '');
  await wireOfficialsWork(config, stores, deadlines, core);
  core.tips = createTipService(
    core,
    { tips: tipStores.tips, contacts: tipStores.tipContacts, sessions: tipStores.receiptSessions },
    { contactKey: config.tips.contactKey, formUrl: publicUrl && `${publicUrl}${H5_BASE}` },
  );
  casePushes.start();
  // AI 预警 devices, incidents, request nonces and polled mail ids.
  const intake =
    stores.kind === 'mongo'
      ? await (await import('../stores/mongo/intake-stores.js')).createMongoIntakeStores(stores.db)
      : createSqliteIntakeStores(stores.db);
  const alertApi = openAlerts(config, core, intake);
  // imapflow, mailparser and nodemailer load only with a configured mailbox.
  const mail = config.mail ? (await import('./mail.js')).openMail(config, core, intake, chat) : undefined;
  mail?.start();
  const handler = createConversationHandler(core);
  const buttonTokens = config.telegram ? await openButtonTokens(stores, redis, namespace) : undefined;
  const channels = await startChannels(config, {
    handler, media: stores.media, dedup: tipStores.updateDedup, chat, redis, log, identities: stores.identities, rateLimits, buttonTokens,
  });

  const checks = healthChecks({
    stores,
    redis,
    channels: channelHealth,
    namespace,
    extra: () => ({ scheduler: config.redisUrl ? 'bullmq' : 'embedded', wecom: channels.wecom.health() }),
  });
  const web = createWebChat({
    handler,
    media: stores.media,
    cases: stores.cases,
    receiptPhotoIds: async (session) => (await core.tips?.receiptPhotoIds(session)) ?? [],
    accounts,
    login: loginGuard(accounts, rateLimits),
    inbox,
    rateLimits,
    maxUploadBytes: config.uploads.maxBytes,
    secureCookies: config.http.secureCookies,
    health: checks.health,
    ready: checks.ready,
  });

  const http = new Hono();
  // Every request: an id on each line it causes, one access line, counted in /metrics.
  http.use(accessLog(log), metrics.middleware, requestMemo);
  http.get('/metrics', metrics.handler);
  if (config.http.trustProxy > 0) http.use(trustForwardedFor(config.http.trustProxy));
  channels.mount(http);
  alertApi.mount(http);
  dashboard.mount(http, core, { alerts: alertApi.alerts, deliveries: deadlines.deliveries });
  http.route('/', web);
  let startWork: Promise<void> | undefined;
  const finishStart = () =>
    (startWork ??= (async () => {
      await deadlines.catchUp();
      checks.markReady();
    })());
  if (!opts.deferStartWork) await finishStart();

  return {
    fetch: http.fetch,
    handler,
    stores,
    chat,
    deadlines,
    wecom: channels.wecom,
    telegram: channels.telegram,
    tips: core.tips,
    alerts: alertApi.alerts,
    intake,
    mail,
    /** The start-up work `deferStartWork` left for after listening (runs once; later calls share it). */
    finishStart,
    /** Tells load balancers to stop sending new requests here (/readyz 503) before the server closes. */
    drain: () => checks.drain(),
    async close() {
      await checks.drain();
      await channels.stop();
      await mail?.stop();
      await casePushes.close();
      await deadlines.close();
      rateLimits.close();
      await redis?.quit();
      await ownKnowledge?.close();
      await stores.close();
    },
  };
}
