import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJSON } from 'bson';
import emulatorModule from 'telegram-test-api';
import type { TelegramServer as Emulator } from 'telegram-test-api/lib/telegramServer.js';
import { ChatRouter } from '../../app/chat-router.js';
import { startTelegram, type StartTelegramOptions, type TelegramChannel } from '../../bot/telegram/index.js';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';
import type { RateLimits, Stores } from '../../domain/index.js';
import type { TipStores } from '../../domain/tips.js';
import { createConversationHandler } from '../../handlers/index.js';
import { createTipService } from '../../handlers/tips/index.js';
import { mongoButtonTokens } from '../../stores/button-tokens/mongo.js';
import { sqliteButtonTokens } from '../../stores/button-tokens/sqlite.js';
import { openMongoStores } from '../../stores/mongo/index.js';
import { createMongoTipStores } from '../../stores/mongo/tips-stores.js';
import { mongoRateLimitBackend, rateLimitsFrom, sqliteRateLimitBackend } from '../../stores/rate-limit/index.js';
import { openSqliteStores } from '../../stores/sqlite/index.js';
import { createSqliteTipStores } from '../../stores/sqlite/tips-stores.js';
import { memoryLogger, type StoreKind } from './app-harness.js';
import { freePort } from './cluster.js';
import { handlerDeps } from './handler-harness.js';
import { TelegramGateway } from './telegram-gateway.js';

export const BOT_TOKEN = '7000000001:AAHtestTokenForTheEmulatorOnly_xyz';
const botInfo = {
  id: 7000000001, is_bot: true as const, first_name: '泽州安全助手', username: 'zezhou_safety_bot',
  can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
  can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false,
  can_manage_bots: false, supports_join_request_queries: false,
};
// The package assigns the class to module.exports while its types declare a default export (REFERENCE §2.9).
const TelegramServer = emulatorModule as unknown as typeof Emulator;
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

async function openWorldStores(kind: StoreKind, dir: string, mongoUri?: string): Promise<{ stores: Stores; tipStores: TipStores; rateLimits: RateLimits; buttonTokens: ButtonTokenRepo; dump: () => Promise<string>; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const stores = await openSqliteStores({ file: join(dir, 'db.sqlite'), mediaDir: join(dir, 'media') });
    const dump = async () => {
      const tables = stores.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      return JSON.stringify(Object.fromEntries(tables.map(({ name }) => [name, stores.db.prepare(`SELECT * FROM "${name}"`).all()])));
    };
    const rateLimits = rateLimitsFrom(sqliteRateLimitBackend(stores.db));
    return { stores, tipStores: createSqliteTipStores(stores.db), rateLimits, buttonTokens: sqliteButtonTokens(stores.db), dump, drop: async () => undefined };
  }
  const stores = await openMongoStores({ uri: mongoUri!, dbName: `tge2e${letters(10)}` });
  const dump = async () => {
    const all: Record<string, unknown[]> = {};
    for (const c of await stores.db.collections()) all[c.collectionName] = await c.find().toArray();
    return EJSON.stringify(all);
  };
  const limits = await mongoRateLimitBackend(stores.db);
  return { stores, tipStores: await createMongoTipStores(stores.db), rateLimits: rateLimitsFrom(limits), buttonTokens: await mongoButtonTokens(stores.db), dump, drop: async () => void (limits.close(), await stores.db.dropDatabase()) };
}

/** The emulator answers getUpdates at once: the runner pauses a little between empty polls. */
const emulatorPolling: StartTelegramOptions['runner'] = { source: { speedTrafficBalance: 1, maxDelayMilliseconds: 30 } };

export interface BotMessage {
  text: string;
  buttons: Array<{ label: string; value: string }>;
}

/**
 * The Telegram channel end to end: telegram-test-api plus the gateway for what it lacks, the real
 * handlers with tips and invites, on a fresh SQLite file or MongoDB database. Pushes route through a
 * ChatRouter like in the app.
 */
export async function startTelegramWorld(kind: StoreKind, mongoUri?: string, opts: { contactKey?: Uint8Array; channel?: Partial<StartTelegramOptions> } = {}) {
  const port = await freePort();
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  const gateway = await TelegramGateway.start(server.config.apiURL);
  const dir = mkdtempSync(join(tmpdir(), 'zz-tg-'));
  const { stores, tipStores, rateLimits, buttonTokens, dump, drop } = await openWorldStores(kind, dir, mongoUri);
  await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
  await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [] });
  const logs = memoryLogger();
  const router = new ChatRouter();
  const base = handlerDeps(stores, { log: logs.log, chat: router, rateLimits });
  const tips = createTipService(base, { tips: tipStores.tips, contacts: tipStores.tipContacts, sessions: tipStores.receiptSessions }, { contactKey: opts.contactKey });
  // As in app/container.ts: a case change also reaches the tip service.
  const handler = createConversationHandler({ ...base, tips, invites: tipStores.invites, onCaseChanged: (c) => tips.onCaseChanged(c) });

  const start = () =>
    startTelegram({
      token: BOT_TOKEN,
      apiRoot: gateway.url,
      handler,
      media: stores.media,
      dedup: tipStores.updateDedup,
      log: logs.log,
      botInfo,
      albumWindowMs: 300,
      throttle: { global: {}, group: {}, out: {} },
      inboundLimit: { limit: 1000, timeFrameMs: 1000 },
      rateLimits,
      buttonTokens,
      runner: emulatorPolling,
      ...opts.channel,
    });
  let channel: TelegramChannel = await start();
  router.register(['tg'], channel.chatPort);

  const world = {
    server,
    gateway,
    stores,
    tipStores,
    tips,
    logs,
    /** Every stored row or document, as JSON: what someone reading the database would see. */
    dump,
    handler,
    get channel() {
      return channel;
    },
    /** Stops the channel and starts a new one on the same stores, as a process restart would. */
    async restart() {
      await channel.stop();
      channel = await start();
      router.register(['tg'], channel.chatPort);
    },
    user(id: number, o: UserOptions = {}): TelegramUser {
      return new TelegramUser({ server, idle: () => channel.idle() }, id, o);
    },
    async stop() {
      await channel.stop();
      await gateway.stop();
      await server.stop();
      await drop();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
export type TelegramWorld = Awaited<ReturnType<typeof startTelegramWorld>>;

interface UserOptions {
  chatId?: number;
  firstName?: string;
  userName?: string;
  languageCode?: string;
  type?: 'private' | 'supergroup';
}

/** One person in one chat, typing into a Telegram client connected to the emulator. */
export class TelegramUser {
  readonly chatId: number;
  private readonly client: ReturnType<Emulator['getClient']>;
  private readonly from: Record<string, unknown>;
  /** The last reply, message by message. */
  last: BotMessage[] = [];

  constructor(
    private readonly world: { server: Emulator; idle: () => Promise<void> },
    readonly id: number,
    o: UserOptions,
  ) {
    this.chatId = o.chatId ?? id;
    this.client = world.server.getClient(BOT_TOKEN, {
      userId: id, chatId: this.chatId, firstName: o.firstName ?? 'Test', userName: o.userName ?? `user${id}`, type: o.type ?? 'private', timeout: 5000,
    });
    this.from = o.languageCode ? { from: { language_code: o.languageCode } } : {};
  }

  /** Text, or a command when it starts with "/" (with the bot_command entity a real client adds). */
  async say(text: string): Promise<BotMessage[]> {
    if (text.startsWith('/')) await this.client.sendCommand(this.client.makeCommand(text, this.from));
    else await this.client.sendMessage(this.client.makeMessage(text, this.from));
    return this.replies();
  }

  /** Any message fields (photo, document, location, sticker, media_group_id …). */
  async send(fields: Record<string, unknown>, wait = true): Promise<BotMessage[]> {
    await this.client.sendMessage(this.client.makeMessage('', { ...this.from, ...fields }));
    return wait ? this.replies() : [];
  }

  async press(data: string): Promise<BotMessage[]> {
    await this.client.sendCallback(this.client.makeCallbackQuery(data, this.from));
    return this.replies();
  }

  /** Waits for the bot's answer: its first message, then until the channel is idle and nothing more comes. */
  async replies(timeoutMs = 8000): Promise<BotMessage[]> {
    const got: BotMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (got.length === 0 && Date.now() < deadline) {
      got.push(...(await this.unread()));
      if (got.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    if (got.length === 0) throw new Error(`no reply in chat ${this.chatId} within ${timeoutMs} ms`);
    for (;;) {
      await this.world.idle();
      await new Promise((r) => setTimeout(r, 30));
      const more = await this.unread();
      if (more.length === 0) break;
      got.push(...more);
    }
    this.last = got;
    return got;
  }

  /** Bot messages not read yet, straight from the emulator's client API (no waiting). */
  async unread(): Promise<BotMessage[]> {
    const res = await fetch(`${this.world.server.config.apiURL}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: BOT_TOKEN, chatId: this.chatId }),
    });
    const { result } = (await res.json()) as { result: Array<{ message: { text: string; reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } } }> };
    return result.map(({ message }) => ({
      text: message.text,
      buttons: (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ({ label: b.text, value: b.callback_data })),
    }));
  }

  text(messages = this.last): string {
    return messages.map((m) => m.text).join('\n');
  }

  button(prefixOrLabel: string, messages = this.last): string {
    for (const m of messages) for (const b of m.buttons) if (b.value.startsWith(prefixOrLabel) || b.label.includes(prefixOrLabel)) return b.value;
    throw new Error(`no button "${prefixOrLabel}" in:\n${this.text(messages)}`);
  }
}

export const randomKey = () => new Uint8Array(randomBytes(32));
