import { WSClient, generateReqId, type BaseMessage, type EventMessage, type WSClientOptions, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import type { ChatRef, Inbound, Outbound } from '../../../domain/index.js';
import type { ConversationHandler } from '../../../handlers/types.js';
import { CardMemory } from '../cards.js';
import { botChatRefOf, parseChatRef } from '../chat-ref.js';
import { loadPhoto, type PhotoSource } from '../media.js';
import { MemorySeenStore, type SeenStore } from '../seen-store.js';
import { createSendCaps, type SendCaps } from '../send-caps.js';
import { KeyedSerial } from '../serial.js';
import { splitUtf8, withChoicesListed } from '../text.js';
import { MemoryBotConversations, type BotConversations } from './conversations.js';
import { MemoryLinkHints, type LinkHints } from './link-hints.js';
import { connectionState, type AiBotHealth } from './health.js';
import { frameProblem, type FrameProblem } from './frame-guard.js';
import { messageToInbound } from './inbound.js';
import { DEFAULT_MEDIA_HOSTS, fetchBotMedia } from './media-fetch.js';
import { MAX_INBOUND_TEXT } from '../../../handlers/inbound-text.js';
import { translator } from '../../../locales/index.js';
import { soleLease, type ConnectionLease } from './lease.js';
import { CHOSEN_KEY, MARKDOWN_MAX_BYTES, buttonCard, chosenCard, planReply, toPieces, type Piece } from './render.js';
import { asError, errorText, sdkLogger } from './sdk-glue.js';

export type { AiBotHealth, AiBotState } from './health.js';
export type BotReach = 'ok' | 'offline' | 'never-messaged';

export interface AiBotAdapterOptions {
  botId: string;
  secret: string;
  wsUrl?: string;
  handler: ConversationHandler;
  logger: Logger;
  /** Reads the photos handlers reply with (by stored media id). */
  media?: PhotoSource;
  /** Drops WeCom re-deliveries of a msgid; in memory unless given. */
  seen?: SeenStore;
  /** Who may hold the connection (Redis lease with several replicas); this process alone by default. */
  lease?: ConnectionLease;
  /** Conversations that messaged the bot (shared with Redis); only those can receive pushes. */
  conversations?: BotConversations;
  /** Proactive push caps (shared with Redis). */
  caps?: SendCaps;
  /** Conversations a push missed: the next reply there says how to link the app with /bind. */
  linkHints?: LinkHints;
  /** Where a clicked card's notice links to ([卡片] text_notice needs card_action.url), e.g. the dashboard. */
  cardLink?: string;
  /** After a kick, how long this replica stays out of the lease race so another one takes over. */
  kickCooldownMs?: number;
  /** Told about every state change (for /healthz). */
  onState?: (health: AiBotHealth) => void;
  /** SDK tuning (tests use short intervals). Reconnects forever unless maxReconnectAttempts is set. */
  connection?: Pick<WSClientOptions, 'heartbeatInterval' | 'reconnectInterval' | 'maxReconnectAttempts' | 'requestTimeout' | 'wsOptions'>;
  /** Shown as the stream's first chunk when the handler takes longer than `afterMs`. */
  thinking?: { afterMs: number; text: string };
  /** Finishes the reply when the handler throws, so the user is not left with a spinner. */
  failureText?: string;
  /** Hosts image URLs may point to (default DEFAULT_MEDIA_HOSTS), the largest image and the fetch deadline. */
  mediaHosts?: readonly string[];
  /** Exact media origins trusted besides (tests: the fake server's file host). */
  mediaOrigins?: readonly string[];
  maxMediaBytes?: number;
  mediaTimeoutMs?: number;
}

export interface AiBotAdapter {
  start(): void;
  stop(): Promise<void>;
  isConnected(): boolean;
  health(): AiBotHealth;
  /**
   * Whether a push to this chat can go through the bot now: 'ok'; 'offline' when this process does not hold
   * the connection (another replica may); 'never-messaged' when the conversation has not written to the bot.
   */
  reach(chat: ChatRef): Promise<BotReach>;
  /** Proactive push (ChatPort) to `wecombot:<userid>` or `wecomgroup:<chatid>`. */
  send(chat: ChatRef, messages: Outbound[]): Promise<void>;
  /** Resolves once everything received so far has been answered (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/** WeCom re-delivers within seconds; ten minutes of memory covers every retry. */
const SEEN_TTL_SECONDS = 600;

/** The intelligent bot over the official long connection: no public URL needed. */
export function createAiBotAdapter(opts: AiBotAdapterOptions): AiBotAdapter {
  const log = opts.logger.child({ channel: 'wecom-aibot' });
  const seen = opts.seen ?? new MemorySeenStore();
  const lease = opts.lease ?? soleLease();
  const conversations = opts.conversations ?? new MemoryBotConversations();
  const linkHints = opts.linkHints ?? new MemoryLinkHints();
  const caps = opts.caps ?? createSendCaps();
  const cards = new CardMemory();
  const thinking = opts.thinking ?? { afterMs: 1500, text: '正在处理…' };
  const failureText = opts.failureText ?? '抱歉，处理时出错了，请稍后再试。';
  const inFlight = new Set<Promise<void>>();
  const perChat = new KeyedSerial();
  const connection = connectionState(log, opts.onState);
  let client: WSClient | undefined;
  const mediaPolicy = { hosts: opts.mediaHosts ?? DEFAULT_MEDIA_HOSTS, origins: opts.mediaOrigins, maxBytes: opts.maxMediaBytes ?? 10 * 2 ** 20, timeoutMs: opts.mediaTimeoutMs ?? 15_000 };

  const track = (work: Promise<void>) => {
    const done = work.catch((err: unknown) => log.error({ err: errorText(err) }, 'WeCom bot message handling failed'));
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const load = (id: string) => loadPhoto(opts.media, id, log);
  const live = (): WSClient => {
    if (!client || !connection.online()) throw new Error('WeCom bot connection is not held by this process');
    return client;
  };

  /** Opens a fresh connection (the SDK will not reuse a client after a kick). */
  function connect(): void {
    client?.disconnect();
    const c = new WSClient({
      botId: opts.botId,
      secret: opts.secret,
      wsUrl: opts.wsUrl,
      maxReconnectAttempts: -1,
      ...opts.connection,
      logger: sdkLogger(log),
    });
    // Not the SDK's downloadFile: it would fetch any URL a frame names, with no cap and no key check.
    const download = (url: string, aesKey?: string) => fetchBotMedia(url, aesKey, mediaPolicy);
    connection.watch(c, () => {
      // Someone else opened a connection: let another replica (or this one, later) take over.
      void lease.yieldFor(opts.kickCooldownMs ?? 30_000).then((others) => {
        if (!others || client !== c) return;
        client = undefined;
        connection.release();
        connection.set('standby');
        c.disconnect();
      });
    });
    c.on('message', (frame) => track(onMessage(c, frame, download)));
    c.on('event.template_card_event', (frame) => track(onCardClick(c, frame as WsFrame<EventMessage>)));
    client = c;
    connection.set('connecting');
    c.connect();
  }

  function disconnect(next: 'standby' | 'stopped'): void {
    const c = client;
    client = undefined;
    connection.release();
    if (connection.get() !== 'kicked' || next === 'stopped') connection.set(next);
    c?.disconnect();
  }

  async function firstTime(msgid: string): Promise<boolean> {
    try {
      return await seen.firstTime(`aibot:${msgid}`, SEEN_TTL_SECONDS);
    } catch (err) {
      log.warn({ err }, 'dedupe store unavailable; handling the message anyway');
      return true;
    }
  }

  async function ask(inbound: Inbound): Promise<Outbound[]> {
    try {
      return await opts.handler.handle(inbound);
    } catch (err) {
      log.error({ err }, 'handler failed on a WeCom bot message');
      return [{ kind: 'text', text: failureText }];
    }
  }

  /** Proactive messages ([长连接] aibot_send_msg): markdown, button cards, uploaded images, in order. */
  async function push(c: WSClient, chatid: string, pieces: Piece[]): Promise<void> {
    for (const piece of pieces) {
      if (piece.kind === 'markdown') {
        for (const content of splitUtf8(piece.text, MARKDOWN_MAX_BYTES)) {
          await caps.take('botPush', chatid);
          await c.sendMessage(chatid, { msgtype: 'markdown', markdown: { content } });
        }
      } else if (piece.kind === 'card') {
        cards.remember(piece.card);
        await caps.take('botPush', chatid);
        await c.sendMessage(chatid, { msgtype: 'template_card', template_card: buttonCard(piece.card) });
      } else {
        const media = await c.uploadMedia(Buffer.from(piece.photo.data), { type: 'image', filename: piece.photo.fileName });
        await caps.take('botPush', chatid);
        await c.sendMediaMessage(chatid, 'image', media.media_id);
      }
    }
  }

  async function onMessage(c: WSClient, frame: WsFrame<BaseMessage>, download: (url: string, aesKey?: string) => Promise<Buffer>): Promise<void> {
    const problem = frameProblem(frame);
    if (problem) return refuseFrame(c, frame, problem);
    const msg = frame.body;
    if (!msg || !(await firstTime(msg.msgid))) return;
    const chatid = msg.chattype === 'group' && msg.chatid ? msg.chatid : msg.from.userid;
    await conversations.touched(chatid).catch((err: unknown) => log.warn({ err }, 'could not record the bot conversation'));
    await perChat.run(botChatRefOf(msg), () => answer(c, frame, msg, chatid, download));
  }

  /**
   * One reply per message, as the long connection allows ([长连接]: no msg_item, no stream + card):
   * the text as one finished stream, then cards, photos and overflow as pushes. Whatever goes wrong,
   * an opened stream is finished, so the user never keeps a spinner.
   */
  async function answer(c: WSClient, frame: WsFrame<BaseMessage>, msg: BaseMessage, chatid: string, download: (url: string, aesKey?: string) => Promise<Buffer>): Promise<void> {
    const streamId = generateReqId('stream');
    let streamOpen = false;
    const timer = setTimeout(() => {
      streamOpen = true;
      c.replyStream(frame, streamId, thinking.text, false).catch((err) => logReplyError(err, 'thinking chunk'));
    }, thinking.afterMs);
    const answered = await ask(messageToInbound(msg, download)).finally(() => clearTimeout(timer));
    const replies = msg.chattype === 'group' ? answered : [...answered, ...(await linkHint(chatid))];
    const plan = planReply(
      await toPieces(replies, load).catch((err: unknown) => {
        log.error({ err }, 'could not render the reply');
        return [{ kind: 'markdown', text: failureText } as const];
      }),
    );
    let rest: Piece[] = plan.rest;
    if (plan.stream || streamOpen) {
      const finished = await c.replyStream(frame, streamId, plan.stream || '✓', true).then(
        () => true,
        (err: unknown) => (logReplyError(err, 'reply'), false),
      );
      if (!finished) {
        // Close the stream plainly, then deliver the text as a separate message.
        await c.replyStream(frame, streamId, '✓', true).catch((err) => logReplyError(err, 'plain stream finish'));
        if (plan.stream) rest = [{ kind: 'markdown', text: plan.stream }, ...rest];
      }
      if (plan.card) rest = [{ kind: 'card', card: plan.card }, ...rest];
    } else if (plan.card) {
      cards.remember(plan.card);
      const sent = await c.replyTemplateCard(frame, buttonCard(plan.card)).then(
        () => true,
        (err: unknown) => (logReplyError(err, 'card reply'), false),
      );
      if (!sent) rest = [{ kind: 'card', card: plan.card }, ...rest];
    }
    await pushWithFallback(c, chatid, [...plan.photos, ...rest]);
  }

  /** Pushes pieces one by one; a refused card is sent again as text listing its options. */
  async function pushWithFallback(c: WSClient, chatid: string, pieces: Piece[]): Promise<void> {
    for (const piece of pieces) {
      try {
        await push(c, chatid, [piece]);
      } catch (err) {
        logReplyError(err, `${piece.kind} push`);
        if (piece.kind !== 'card') continue;
        const listed = withChoicesListed(piece.card.title, [piece.card.buttons]);
        await push(c, chatid, [{ kind: 'markdown', text: listed }]).catch((e) => logReplyError(e, 'card as text'));
      }
    }
  }

  /** A frame that cannot be answered is logged by its problem only; an oversized one is answered when it can be. */
  async function refuseFrame(c: WSClient, frame: WsFrame<unknown>, problem: FrameProblem): Promise<void> {
    log.warn({ problem }, 'WeCom bot frame refused');
    if (problem !== 'too-large') return;
    const t = translator('zh-CN');
    const text = t('input.textTooLong', { length: JSON.stringify(frame.body).length, max: MAX_INBOUND_TEXT });
    await c.replyStream(frame as WsFrame<BaseMessage>, generateReqId('stream'), text, true).catch((err: unknown) => logReplyError(err, 'refusal'));
  }

  async function onCardClick(c: WSClient, frame: WsFrame<EventMessage>): Promise<void> {
    if (frameProblem(frame)) return refuseFrame(c, frame, frameProblem(frame)!);
    const msg = frame.body;
    // The documented payload nests the click under event.template_card_event; the SDK types flatten it.
    const event = msg?.event as { template_card_event?: { event_key?: string; task_id?: string }; event_key?: string; task_id?: string } | undefined;
    const click = event?.template_card_event ?? event;
    if (!msg || !click?.event_key || !(await firstTime(msg.msgid))) return;
    const value = click.event_key;
    if (value === CHOSEN_KEY) return; // the button of an already answered card
    // WeCom accepts the card update only within 5 s of the click: send it before the handler runs.
    const update = click.task_id
      ? c.updateTemplateCard(frame, chosenCard(click.task_id, cards.lookup(click.task_id, value), opts.cardLink)).catch((err) => logReplyError(err, 'card update'))
      : Promise.resolve();
    const chat = botChatRefOf(msg);
    const chatid = msg.chattype === 'group' && msg.chatid ? msg.chatid : msg.from.userid;
    await perChat.run(chat, async () => {
      const replies = await ask({ chat, kind: 'choice', value });
      await update;
      await pushWithFallback(c, chatid, await toPieces(replies, load));
    });
  }

  /** The once-only note after a push missed this conversation (see LinkHints). */
  async function linkHint(chatid: string): Promise<Outbound[]> {
    const due = await linkHints.take(chatid).catch((err: unknown) => (log.warn({ err: errorText(err) }, 'could not read the link hint'), false));
    return due ? [{ kind: 'text', text: translator('zh-CN')('wecom.missedPushLinkHint') }] : [];
  }

  function logReplyError(err: unknown, what: string) {
    log.warn({ err: errorText(err) }, `WeCom bot ${what} was not delivered`);
  }

  function chatidOf(chat: ChatRef): string {
    const target = parseChatRef(chat);
    if (target?.kind !== 'bot' && target?.kind !== 'group') throw new Error(`not a WeCom bot chat: ${chat}`);
    return target.id;
  }

  return {
    start() {
      connection.set('standby');
      lease.start({
        acquired: connect,
        lost: () => disconnect('standby'),
      });
    },
    async stop() {
      await lease.stop();
      disconnect('stopped');
    },
    isConnected: connection.online,
    health: connection.health,
    async reach(chat) {
      if (!connection.online()) return 'offline';
      return (await conversations.has(chatidOf(chat))) ? 'ok' : 'never-messaged';
    },
    async send(chat, messages) {
      try {
        await push(live(), chatidOf(chat), await toPieces(messages, load));
      } catch (err) {
        throw asError(err, 'aibot_send_msg');
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
