import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import { Bot, BotError, GrammyError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { UndeliverableError, type ChatPort, type ChatRef, type Inbound, type Locale } from '../../domain/index.js';
import type { ButtonTokenRepo } from '../../domain/button-tokens.js';
import type { RateLimits } from '../../domain/rate-limit.js';
import type { UpdateDedupRepo } from '../../domain/tips.js';
import type { ConversationHandler, HandlerLogger } from '../../handlers/index.js';
import { translator } from '../../locales/index.js';
import { AlbumBuffer } from './albums.js';
import { CallbackCodec } from './callback-data.js';
import { ChatQueue } from './chat-queue.js';
import { parseChatRef } from './chat-ref.js';
import { inboundBase, localeOf, mapMessage, type AlbumItem } from './inbound.js';
import { telegramMediaRef } from './media.js';
import { dropMalformed } from './update-shape.js';
import { sendOutbound, type PhotoSource } from './render.js';

export interface TelegramBotOptions {
  token: string;
  /** Default https://api.telegram.org (a local Bot API server or an emulator otherwise). */
  apiRoot?: string;
  handler: ConversationHandler;
  /** Outbound photos are read from here by their stored media id: `stores.media`. */
  media: PhotoSource;
  /** Processed update ids, persisted: a re-delivery after a restart is handled once. */
  dedup: UpdateDedupRepo;
  /** Never given a user id, chat id or username by this adapter. */
  log: HandlerLogger;
  /** Skips getMe at start (a known bot, or tests). */
  botInfo?: UserFromGetMe;
  defaultLocale?: Locale;
  /** How long an album waits for its next photo (default 1500 ms). */
  albumWindowMs?: number;
  /** Largest download (default 20 MB, the cloud Bot API's own limit). */
  maxDownloadBytes?: number;
  /** Updates one user may send per window (default 20 per 10 s), counted in `rateLimits`: shared by every replica. */
  inboundLimit?: { limit: number; timeFrameMs: number };
  rateLimits: RateLimits;
  /** Where long button values wait for their press: shared by replicas and kept across restarts. */
  buttonTokens: ButtonTokenRepo;
  /** Outbound pacing (default: 30 msg/s overall, 1 msg/s per chat, 20 msg/min per group). */
  throttle?: APIThrottlerOptions;
}

export interface TelegramBot {
  bot: Bot;
  chatPort: ChatPort;
  /** Resolves when no conversation step is queued or running (albums still collecting are not counted). */
  idle(): Promise<void>;
  /** Hands over albums still collecting and waits until every queued reply is sent. */
  drain(): Promise<void>;
}

/** An error's own message only: a BotError also carries the update, and with it the sender. */
export function errorMessage(e: unknown): string {
  const inner = e instanceof BotError ? e.error : e;
  return inner instanceof Error ? inner.message : String(inner);
}

/**
 * Bot API errors no retry can fix: 403 (bot blocked, user deactivated, kicked from the group) and
 * 400 "chat not found". The description, not the code alone, tells 400s apart (Bot API › Making requests).
 */
export function permanentFailure(chat: ChatRef, e: unknown): UndeliverableError | undefined {
  if (!(e instanceof GrammyError)) return undefined;
  if (e.error_code === 403 || (e.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(e.description))) {
    return new UndeliverableError(chat, `Telegram ${e.error_code}: ${e.description}`);
  }
  return undefined;
}

/** The grammY bot with its middleware, not yet receiving updates (startTelegram does that). */
export function createTelegramBot(o: TelegramBotOptions): TelegramBot {
  const apiRoot = (o.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const bot = new Bot(o.token, { client: { apiRoot }, botInfo: o.botInfo });
  // Installed second, auto-retry wraps the throttler: a 429 waits `retry_after`, then queues again.
  bot.api.config.use(apiThrottler(o.throttle));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  const queue = new ChatQueue();
  const codec = new CallbackCodec(o.buttonTokens);
  const albums = new AlbumBuffer<AlbumItem>(o.albumWindowMs ?? 1500);
  const files = { api: bot.api, fileBase: `${apiRoot}/file/bot${o.token}/`, maxBytes: o.maxDownloadBytes ?? 20 * 2 ** 20 };

  /** One conversation step per chat at a time, replies in order; an album is awaited inside its turn. */
  const reply = (chatId: number, inbound: Inbound | Promise<Inbound>) =>
    queue.run(String(chatId), async () => {
      const replies = await o.handler.handle(await inbound);
      try {
        await sendOutbound(bot.api, o.media, chatId, replies, o.log, codec);
      } catch (e) {
        o.log.warn({ err: errorMessage(e) }, 'telegram reply not delivered');
      }
    });

  bot.catch((e) => o.log.error({ updateId: e.ctx.update.update_id, err: errorMessage(e.error) }, 'telegram update failed'));
  bot.use(dropMalformed(o.log));
  // The claim is atomic per update id, so it can come before the per-chat queue: a re-delivery does nothing.
  bot.use(async (ctx, next) => {
    const source = `tg:${ctx.me.id}`;
    if (!(await o.dedup.claim(source, ctx.update.update_id, new Date()))) return;
    try {
      await next();
    } catch (e) {
      await o.dedup.release(source, ctx.update.update_id); // a re-delivery gets another chance
      throw e;
    }
  });
  // Before the per-chat queue: a press during a slow step stops spinning at once (Bot API ›
  // answerCallbackQuery: "the answer will be displayed … the client shows a progress bar until you call it").
  bot.on('callback_query', async (ctx, next) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    await next();
  });
  bot.use(sequentialize((ctx) => (ctx.chat ?? ctx.from)?.id.toString()));
  const window = o.inboundLimit?.timeFrameMs ?? 10_000;
  const perUser = o.rateLimits.limiter('telegram-user', { points: o.inboundLimit?.limit ?? 20, durationMs: window });
  // Told once per window to slow down; the rest of the excess is dropped without an answer.
  const notices = o.rateLimits.limiter('telegram-user-notice', { points: 1, durationMs: window });
  bot.use(async (ctx, next) => {
    // An album arrives as up to 10 updates at once: it counts as its first photo only.
    const key = ctx.msg?.media_group_id ? undefined : ctx.from?.id.toString();
    if (!key || (await perUser.consume(key)).allowed) return next();
    if (!(await notices.consume(key)).allowed) return;
    const text = translator(localeOf(ctx.from?.language_code) ?? o.defaultLocale ?? 'zh-CN')('error.RATE_LIMITED');
    // A callback query was already answered above: the notice goes to the chat.
    if (ctx.chat) await bot.api.sendMessage(ctx.chat.id, text).catch(() => undefined);
  });

  bot.on('callback_query', async (ctx) => {
    // The message may be inaccessible (older than 48 h: date 0), but its chat is still given.
    const chat = ctx.callbackQuery.message?.chat;
    if (!chat || !ctx.callbackQuery.data) return;
    const data = ctx.callbackQuery.data;
    await reply(chat.id, codec.decode(data).then((value): Inbound => ({ ...inboundBase(chat, ctx.from), kind: 'choice', value })));
  });

  bot.on('message', async (ctx) => {
    const mapped = mapMessage(ctx.msg, ctx.me.username, (f) => telegramMediaRef(files, f));
    if (mapped.kind === 'inbound') return reply(ctx.chat.id, mapped.inbound);
    if (mapped.kind !== 'album') return;
    const batch = albums.add(`${ctx.chat.id}:${mapped.item.groupId}`, mapped.item);
    if (!batch) return;
    // Not awaited: the album's later updates must get through while this one waits for them.
    const album = batch.then((items): Inbound => ({ ...mapped.base, kind: 'photo', media: items.map((i) => i.media), caption: items.find((i) => i.caption)?.caption }));
    reply(ctx.chat.id, album).catch((e: unknown) => o.log.error({ updateId: ctx.update.update_id, err: errorMessage(e) }, 'telegram album failed'));
  });

  return {
    bot,
    chatPort: {
      async send(chat, messages) {
        const chatId = parseChatRef(chat);
        if (chatId === undefined) throw new UndeliverableError(chat, 'not a Telegram chat reference');
        try {
          await sendOutbound(bot.api, o.media, chatId, messages, o.log, codec);
        } catch (e) {
          throw permanentFailure(chat, e) ?? e;
        }
      },
    },
    idle: () => queue.idle(),
    async drain() {
      albums.flushAll();
      await queue.idle();
    },
  };
}
