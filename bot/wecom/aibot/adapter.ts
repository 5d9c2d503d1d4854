import { WSClient, generateReqId, type BaseMessage, type EventMessage, type WSClientOptions, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import type { ChatRef, Inbound, Outbound } from '../../../domain/index.js';
import type { ConversationHandler } from '../../../handlers/types.js';
import { CardMemory } from '../cards.js';
import { chatRefOf, parseChatRef } from '../chat-ref.js';
import { loadPhoto, type PhotoSource } from '../media.js';
import { MemorySeenStore, type SeenStore } from '../seen-store.js';
import { KeyedSerial } from '../serial.js';
import { splitUtf8 } from '../text.js';
import { watchConnection, type AiBotHealth } from './health.js';
import { messageToInbound } from './inbound.js';
import { MARKDOWN_MAX_BYTES, buttonCard, chosenCard, planReply, toPieces, type Piece } from './render.js';
import { asError, errorText, sdkLogger } from './sdk-glue.js';

export type { AiBotHealth, AiBotState } from './health.js';

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
  /** SDK tuning (tests use short intervals). Reconnects forever unless maxReconnectAttempts is set. */
  connection?: Pick<WSClientOptions, 'heartbeatInterval' | 'reconnectInterval' | 'maxReconnectAttempts' | 'requestTimeout' | 'wsOptions'>;
  /** Shown as the stream's first chunk when the handler takes longer than `afterMs`. */
  thinking?: { afterMs: number; text: string };
  /** Finishes the reply when the handler throws, so the user is not left with a spinner. */
  failureText?: string;
}

export interface AiBotAdapter {
  start(): void;
  stop(): void;
  isConnected(): boolean;
  health(): AiBotHealth;
  /** Proactive push (ChatPort) to `wecom:<userid>` or `wecomgroup:<chatid>`. */
  send(chat: ChatRef, messages: Outbound[]): Promise<void>;
  /** Resolves once everything received so far has been answered (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/** WeCom re-delivers within seconds; ten minutes of memory covers every retry. */
const SEEN_TTL_SECONDS = 600;

/** The intelligent bot over the official long connection: no public URL needed. */
export function createAiBotAdapter(opts: AiBotAdapterOptions): AiBotAdapter {
  const log = opts.logger.child({ channel: 'wecom-aibot' });
  const client = new WSClient({
    botId: opts.botId,
    secret: opts.secret,
    wsUrl: opts.wsUrl,
    maxReconnectAttempts: -1,
    ...opts.connection,
    logger: sdkLogger(log),
  });
  const seen = opts.seen ?? new MemorySeenStore();
  const cards = new CardMemory();
  const thinking = opts.thinking ?? { afterMs: 1500, text: '正在处理…' };
  const failureText = opts.failureText ?? '抱歉，处理时出错了，请稍后再试。';
  const inFlight = new Set<Promise<void>>();
  const perChat = new KeyedSerial();
  const connection = watchConnection(client, log);

  const track = (work: Promise<void>) => {
    const done = work.catch((err: unknown) => log.error({ err: errorText(err) }, 'WeCom bot message handling failed'));
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const load = (id: string) => loadPhoto(opts.media, id, log);
  const download = async (url: string, aesKey?: string) => (await client.downloadFile(url, aesKey)).buffer;

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

  /** Proactive messages: to the group for group chats, else to the person. */
  async function push(chat: ChatRef, pieces: Piece[]): Promise<void> {
    const target = parseChatRef(chat);
    if (target?.kind !== 'user' && target?.kind !== 'group') throw new Error(`not a WeCom bot chat: ${chat}`);
    const chatid = target.id;
    for (const piece of pieces) {
      if (piece.kind === 'markdown') {
        for (const content of splitUtf8(piece.text, MARKDOWN_MAX_BYTES)) {
          await client.sendMessage(chatid, { msgtype: 'markdown', markdown: { content } });
        }
      } else if (piece.kind === 'card') {
        cards.remember(piece.card);
        await client.sendMessage(chatid, { msgtype: 'template_card', template_card: buttonCard(piece.card) });
      } else {
        const media = await client.uploadMedia(Buffer.from(piece.photo.data), { type: 'image', filename: piece.photo.fileName });
        await client.sendMediaMessage(chatid, 'image', media.media_id);
      }
    }
  }

  async function onMessage(frame: WsFrame<BaseMessage>): Promise<void> {
    const msg = frame.body;
    if (!msg || !(await firstTime(msg.msgid))) return;
    await perChat.run(chatRefOf(msg), () => answer(frame, msg));
  }

  async function answer(frame: WsFrame<BaseMessage>, msg: BaseMessage): Promise<void> {
    const streamId = generateReqId('stream');
    let thinkingSent = false;
    const timer = setTimeout(() => {
      thinkingSent = true;
      client.replyStream(frame, streamId, thinking.text, false).catch((err) => logReplyError(err, 'thinking chunk'));
    }, thinking.afterMs);
    const replies = await ask(messageToInbound(msg, download)).finally(() => clearTimeout(timer));
    const plan = planReply(
      await toPieces(replies, load).catch((err: unknown) => {
        log.error({ err }, 'could not render the reply');
        return [{ kind: 'markdown', text: failureText } as const];
      }),
    );
    const content = plan.stream || (thinkingSent ? '✓' : '');
    try {
      if (plan.card) cards.remember(plan.card);
      if (content && plan.card) {
        await client.replyStreamWithCard(frame, streamId, content, true, { msgItem: plan.images, templateCard: buttonCard(plan.card) });
      } else if (content) {
        await client.replyStream(frame, streamId, content, true, plan.images);
      } else if (plan.card) {
        await client.replyTemplateCard(frame, buttonCard(plan.card));
      }
      await push(chatRefOf(msg), plan.rest);
    } catch (err) {
      logReplyError(err, 'reply');
    }
  }

  async function onCardClick(frame: WsFrame<EventMessage>): Promise<void> {
    const msg = frame.body;
    // The documented payload nests the click under event.template_card_event; the SDK types flatten it.
    const event = msg?.event as { template_card_event?: { event_key?: string; task_id?: string }; event_key?: string; task_id?: string } | undefined;
    const click = event?.template_card_event ?? event;
    if (!msg || !click?.event_key || !(await firstTime(msg.msgid))) return;
    const value = click.event_key;
    // WeCom accepts the card update only within 5 s of the click: send it before the handler runs.
    const update = click.task_id
      ? client.updateTemplateCard(frame, chosenCard(click.task_id, cards.lookup(click.task_id, value))).catch((err) => logReplyError(err, 'card update'))
      : Promise.resolve();
    const chat = chatRefOf(msg);
    await perChat.run(chat, async () => {
      const replies = await ask({ chat, kind: 'choice', value });
      await update;
      await push(chat, await toPieces(replies, load)).catch((err) => logReplyError(err, 'reply'));
    });
  }

  function logReplyError(err: unknown, what: string) {
    log.warn({ err: errorText(err) }, `WeCom bot ${what} was not delivered`);
  }

  client.on('message', (frame) => track(onMessage(frame)));
  client.on('event.template_card_event', (frame) => track(onCardClick(frame as WsFrame<EventMessage>)));

  return {
    start() {
      connection.set('connecting');
      client.connect();
    },
    stop() {
      connection.set('stopped');
      client.disconnect();
    },
    isConnected: connection.online,
    health: connection.health,
    async send(chat, messages) {
      try {
        await push(chat, await toPieces(messages, load));
      } catch (err) {
        throw asError(err, 'aibot_send_msg');
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
