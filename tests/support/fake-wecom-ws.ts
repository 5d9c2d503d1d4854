import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ERR_BOT_NO_CONVERSATION,
  ERR_INVALID_PARAM,
  ERR_INVALID_REQ_ID,
  ERR_INVALID_SECRET,
  ERR_RATE_LIMIT,
  ERR_STREAM_EXPIRED,
  WindowCounter,
  checkBotPush,
  checkStream,
  checkTemplateCard,
  type Refusal,
} from './wecom-rules.js';

/** A frame the bot client sent (auth, ping, replies, pushes, uploads). */
export interface ClientFrame {
  cmd?: string;
  headers: { req_id: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames are free-form JSON
  body?: any;
}

export interface PushOptions {
  from?: string;
  /** Makes it a group message/event. */
  chatid?: string;
  msgid?: string;
}

/** A frame the fake refused, with the documented reason. */
export interface RefusedFrame extends Refusal {
  frame: ClientFrame;
}

/** What the server pushed under one req_id, so replies can be checked against it. */
interface Pushed {
  kind: 'message' | 'enter_chat' | 'card_event' | 'other_event';
  at: number;
  taskId?: string;
  /** stream ids opened under this req_id, and whether a card was already sent. */
  streams: Set<string>;
  cardSent: boolean;
}

/** [被动回复] welcome messages and card updates must come within 5 s of the event. */
/** [长连接] SDK uploadMedia: chunks of at most 512 KB before base64, at most 100 of them. */
const UPLOAD_CHUNK_MAX_BYTES = 512 * 1024;
const UPLOAD_MAX_CHUNKS = 100;
/** [错误码] 40007: 不合法的media_id参数. */
const ERR_INVALID_MEDIA_ID = 40007;
const EVENT_REPLY_WINDOW_MS = 5000;

/**
 * A strict local stand-in for wss://openws.work.weixin.qq.com: it speaks the frames of
 * @wecom/aibot-node-sdk and refuses what the documentation refuses (rules and sources in
 * wecom-rules.ts): schema violations, msg_item and stream+card on the long connection, updates
 * with a foreign task_id or outside the 5 s window, proactive pushes to conversations that never
 * messaged the bot, pushes over 30/min or 1000/h per conversation. A second authenticated
 * connection for the same bot kicks the first ([长连接]: disconnected_event, then close).
 * It also serves AES-encrypted files the way WeCom's media URLs do.
 */
export class FakeWeComServer {
  /** Every frame received, in order. */
  readonly frames: ClientFrame[] = [];
  /** Frames answered with a non-zero errcode, with the reason. */
  readonly refused: RefusedFrame[] = [];
  /** media_id → bytes the client uploaded. */
  readonly uploads = new Map<string, Buffer>();
  /** Successful authentications so far (one per connection that became the bot's connection). */
  authentications = 0;
  private readonly unclaimed: ClientFrame[] = [];
  private readonly waiters: { match: (f: ClientFrame) => boolean; resolve: (f: ClientFrame) => void }[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly chunks = new Map<string, Buffer[]>();
  /** upload_id → total_chunks announced at init. */
  private readonly uploadTotals = new Map<string, number>();
  private readonly pushed = new Map<string, Pushed>();
  /** stream id → finished? */
  private readonly streams = new Map<string, boolean>();
  /** [长连接] conversations (userid for single chats, chatid for groups) that messaged the bot. */
  private readonly conversations = new Set<string>();
  /** [长连接] proactive pushes: ≤30 a minute and ≤1000 an hour per conversation. */
  private readonly pushCaps = new WindowCounter([
    { perMs: 60_000, max: 30 },
    { perMs: 3_600_000, max: 1000 },
  ]);
  private socket?: WebSocket;
  private seq = 0;
  /** msgids must not repeat across runs: apps remember them in a shared Redis for ten minutes. */
  private readonly run = randomBytes(4).toString('hex');
  /** Overrides the errcode for a frame that passed every rule (0 = ok); for fault injection. */
  ackErrcode: (frame: ClientFrame) => number = () => 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly secret: string,
    readonly botId: string,
  ) {}

  static async start(opts: { secret?: string; botId?: string } = {}): Promise<FakeWeComServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const server = new FakeWeComServer(http, wss, opts.secret ?? 'good-secret', opts.botId ?? 'bot-test');
    http.on('request', (req, res) => {
      const file = server.files.get(req.url ?? '');
      res.writeHead(file ? 200 : 404, { 'content-disposition': 'attachment; filename="photo.jpg"' }).end(file);
    });
    wss.on('connection', (ws) => {
      ws.on('message', (raw) => server.receive(ws, JSON.parse(String(raw)) as ClientFrame));
      ws.on('close', () => {
        if (server.socket === ws) server.socket = undefined;
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Where hostFile() serves media from: pass it as the adapter's `mediaOrigins` or in WECOM_MEDIA_HOSTS. */
  get mediaOrigin(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Whether a client holds the bot's connection right now. */
  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Stream ids a reply opened and never finished: what the user sees as an endless "…". */
  unfinishedStreams(): string[] {
    return [...this.streams].filter(([, finished]) => !finished).map(([id]) => id);
  }

  /** Pushes a user message; returns its req_id (the replies carry it). */
  pushMessage(body: Record<string, unknown>, opts: PushOptions = {}): string {
    return this.push('aibot_msg_callback', { ...this.envelope(opts), ...body }, { kind: 'message' });
  }

  pushText(content: string, opts: PushOptions = {}): string {
    return this.pushMessage({ msgtype: 'text', text: { content } }, opts);
  }

  pushImage(image: { url: string; aeskey: string }, opts: PushOptions = {}): string {
    return this.pushMessage({ msgtype: 'image', image }, opts);
  }

  pushEvent(event: Record<string, unknown>, opts: PushOptions = {}): string {
    const type = String(event.eventtype);
    const click = event.template_card_event as { task_id?: string } | undefined;
    return this.push(
      'aibot_event_callback',
      { ...this.envelope(opts), create_time: Math.floor(Date.now() / 1000), msgtype: 'event', event },
      type === 'enter_chat'
        ? { kind: 'enter_chat' }
        : type === 'template_card_event'
          ? { kind: 'card_event', taskId: click?.task_id }
          : { kind: 'other_event' },
    );
  }

  /** A button press on a button_interaction card, in the documented (nested) shape. */
  pushCardClick(click: { taskId: string; key: string }, opts: PushOptions = {}): string {
    return this.pushEvent(
      {
        eventtype: 'template_card_event',
        template_card_event: { card_type: 'button_interaction', event_key: click.key, task_id: click.taskId },
      },
      opts,
    );
  }

  /** What WeCom does when a second connection for the same bot is opened elsewhere: disconnected_event, then close. */
  kick(): void {
    const ws = this.socket;
    if (!ws) return;
    this.pushEvent({ eventtype: 'disconnected_event' });
    this.socket = undefined;
    setTimeout(() => ws.close(), 20);
  }

  /** Serves `plain` encrypted like WeCom media; returns the url and aeskey a message carries. */
  hostFile(plain: Buffer): { url: string; aeskey: string } {
    const key = randomBytes(32);
    const pad = 32 - (plain.length % 32);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const path = `/media/${++this.seq}`;
    this.files.set(path, Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]));
    return { url: `http://127.0.0.1:${(this.http.address() as AddressInfo).port}${path}`, aeskey: key.toString('base64') };
  }

  /** The first frame matching `match` that no earlier call claimed, waiting up to `timeoutMs`. */
  nextFrame(match: (f: ClientFrame) => boolean, timeoutMs = 3000): Promise<ClientFrame> {
    const i = this.unclaimed.findIndex(match);
    if (i >= 0) return Promise.resolve(this.unclaimed.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        reject(new Error(`no matching client frame within ${timeoutMs} ms; got cmds: ${this.frames.map((f) => f.cmd).join(',')}`));
      }, timeoutMs);
    });
  }

  /** Replies (respond_msg / respond_update_msg / welcome) answering the given inbound req_id or any push. */
  nextReply(reqId?: string, timeoutMs?: number): Promise<ClientFrame> {
    return this.nextFrame(
      (f) => (f.cmd?.startsWith('aibot_respond') ?? false) && (reqId === undefined || f.headers.req_id === reqId),
      timeoutMs,
    );
  }

  nextSend(timeoutMs?: number): Promise<ClientFrame> {
    return this.nextFrame((f) => f.cmd === 'aibot_send_msg', timeoutMs);
  }

  async waitForAuth(timeoutMs?: number): Promise<ClientFrame> {
    const auth = await this.nextFrame((f) => f.cmd === 'aibot_subscribe', timeoutMs);
    // The ack is sent synchronously on receipt; give the client a tick to process it.
    await new Promise((r) => setTimeout(r, 20));
    return auth;
  }

  /** Kills the socket as a network failure would (no close handshake). */
  dropConnection(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private envelope(opts: PushOptions) {
    return {
      msgid: opts.msgid ?? `msg_${this.run}_${++this.seq}`,
      aibotid: this.botId,
      chattype: opts.chatid ? 'group' : 'single',
      ...(opts.chatid ? { chatid: opts.chatid } : {}),
      from: { userid: opts.from ?? 'zhangsan' },
    };
  }

  private push(cmd: string, body: Record<string, unknown>, meta: Omit<Pushed, 'at' | 'streams' | 'cardSent'>): string {
    const reqId = `req_${++this.seq}`;
    if (!this.socket) throw new Error('no bot client connected');
    const from = (body.from as { userid: string }).userid;
    if (meta.kind !== 'other_event') this.conversations.add((body.chatid as string | undefined) ?? from);
    this.pushed.set(reqId, { ...meta, at: Date.now(), streams: new Set(), cardSent: false });
    this.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  private receive(ws: WebSocket, frame: ClientFrame): void {
    this.frames.push(frame);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ack bodies vary by command
    const ack: any = { headers: { req_id: frame.headers?.req_id }, errcode: 0, errmsg: 'ok' };
    const refusal = this.check(ws, frame);
    if (refusal) {
      ack.errcode = refusal.errcode;
      ack.errmsg = refusal.reason;
      this.refused.push({ frame, ...refusal });
    } else {
      ack.errcode = this.ackErrcode(frame);
      if (ack.errcode !== 0) ack.errmsg = 'injected failure';
      else this.accept(ws, frame, ack);
    }
    ws.send(JSON.stringify(ack));
    if (frame.cmd === 'aibot_subscribe' && ack.errcode !== 0) setTimeout(() => ws.close(), 10);
    const waiter = this.waiters.find((w) => w.match(frame));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else {
      this.unclaimed.push(frame);
    }
  }

  /** Applies a frame that passed every rule. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ack bodies vary by command
  private accept(ws: WebSocket, frame: ClientFrame, ack: any): void {
    switch (frame.cmd) {
      case 'aibot_subscribe': {
        // [长连接] one connection per bot: a newer one kicks the older with disconnected_event.
        const old = this.socket;
        this.socket = ws;
        this.authentications++;
        if (old && old !== ws && old.readyState === old.OPEN) {
          old.send(
            JSON.stringify({
              cmd: 'aibot_event_callback',
              headers: { req_id: `req_${++this.seq}` },
              body: { msgid: `kick_${this.seq}`, create_time: Math.floor(Date.now() / 1000), aibotid: this.botId, msgtype: 'event', event: { eventtype: 'disconnected_event' } },
            }),
          );
          setTimeout(() => old.close(), 20);
        }
        return;
      }
      case 'aibot_respond_msg': {
        const stream = frame.body?.stream;
        if (stream) {
          this.pushed.get(frame.headers.req_id)!.streams.add(stream.id);
          this.streams.set(stream.id, stream.finish === true);
        }
        if (frame.body?.template_card) this.pushed.get(frame.headers.req_id)!.cardSent = true;
        return;
      }
      case 'aibot_upload_media_init': {
        const uploadId = `upload_${++this.seq}`;
        this.chunks.set(uploadId, []);
        this.uploadTotals.set(uploadId, frame.body.total_chunks);
        ack.body = { upload_id: uploadId };
        return;
      }
      case 'aibot_upload_media_chunk':
        this.chunks.get(frame.body.upload_id)![frame.body.chunk_index] = Buffer.from(frame.body.base64_data, 'base64');
        return;
      case 'aibot_upload_media_finish': {
        const mediaId = `media_${++this.seq}`;
        this.uploads.set(mediaId, Buffer.concat(this.chunks.get(frame.body.upload_id)!.filter(Boolean)));
        ack.body = { type: frame.body?.type ?? 'image', media_id: mediaId, created_at: String(Date.now()) };
        return;
      }
      default:
        return;
    }
  }

  /** The documented rules; the first violated one is answered. */
  private check(ws: WebSocket, frame: ClientFrame): Refusal | undefined {
    const bad = (reason: string, errcode = ERR_INVALID_PARAM): Refusal => ({ errcode, reason });
    if (!frame.headers?.req_id) return bad('headers.req_id is required');
    if (frame.cmd === 'aibot_subscribe') {
      // [长连接] 订阅: body {bot_id, secret}.
      if (frame.body?.bot_id !== this.botId || frame.body?.secret !== this.secret) return bad('invalid bot_id or secret', ERR_INVALID_SECRET);
      return undefined;
    }
    // [长连接] every other command needs an authenticated connection that still is the bot's.
    if (ws !== this.socket) return bad('connection not subscribed (or replaced by a newer one)', ERR_INVALID_SECRET);
    const pushed = this.pushed.get(frame.headers.req_id);
    switch (frame.cmd) {
      case 'ping':
        return undefined;
      case 'aibot_upload_media_init':
      case 'aibot_upload_media_chunk':
      case 'aibot_upload_media_finish':
        return this.checkUpload(frame);
      case 'aibot_respond_msg':
        return this.checkReply(frame, pushed);
      case 'aibot_respond_welcome_msg': {
        // [被动回复] 回复欢迎语: only for enter_chat, within 5 s, text or template_card.
        if (pushed?.kind !== 'enter_chat') return bad('welcome replies answer an enter_chat event', ERR_INVALID_REQ_ID);
        if (Date.now() - pushed.at > EVENT_REPLY_WINDOW_MS) return bad('welcome reply after 5 s', ERR_INVALID_REQ_ID);
        const b = frame.body ?? {};
        if (b.msgtype === 'text') return typeof b.text?.content === 'string' ? undefined : bad('text.content is required');
        if (b.msgtype === 'template_card') return checkTemplateCard(b.template_card);
        return bad(`welcome msgtype "${b.msgtype}" is not text or template_card`);
      }
      case 'aibot_respond_update_msg': {
        // [被动回复] 回复消息更新模板卡片: answers a template_card_event within 5 s, same task_id.
        if (pushed?.kind !== 'card_event') return bad('card updates answer a template_card_event', ERR_INVALID_REQ_ID);
        if (Date.now() - pushed.at > EVENT_REPLY_WINDOW_MS) return bad('card update after 5 s', ERR_INVALID_REQ_ID);
        const b = frame.body ?? {};
        if (b.response_type !== 'update_template_card') return bad('response_type must be update_template_card');
        const invalid = checkTemplateCard(b.template_card);
        if (invalid) return invalid;
        if (b.template_card.task_id !== pushed.taskId) return bad('template_card.task_id must be the clicked card\'s task_id');
        return undefined;
      }
      case 'aibot_send_msg': {
        const invalid = checkBotPush(frame.body) ?? this.checkMediaId(frame.body);
        if (invalid) return invalid;
        // [长连接] 主动推送 only reaches conversations that messaged the bot, capped per conversation.
        if (!this.conversations.has(frame.body.chatid)) return bad('conversation never messaged the bot', ERR_BOT_NO_CONVERSATION);
        if (!this.pushCaps.take(frame.body.chatid)) return bad('push frequency over 30/min or 1000/h for this conversation', ERR_RATE_LIMIT);
        return undefined;
      }
      default:
        return bad(`unknown cmd "${frame.cmd}"`);
    }
  }

  private checkReply(frame: ClientFrame, pushed: Pushed | undefined): Refusal | undefined {
    const bad = (reason: string, errcode = ERR_INVALID_PARAM): Refusal => ({ errcode, reason });
    // [被动回复] 回复用户消息 answers a message callback (or a card click, for a plain card).
    if (!pushed || pushed.kind === 'other_event') return bad('req_id is not a message this connection received', ERR_INVALID_REQ_ID);
    const b = frame.body ?? {};
    switch (b.msgtype) {
      case 'stream': {
        if (pushed.kind !== 'message') return bad('streams answer messages');
        const invalid = checkStream(b.stream);
        if (invalid) return invalid;
        if (this.streams.get(b.stream.id) === true) return bad('stream already finished', ERR_STREAM_EXPIRED);
        // [被动回复] the first reply fixes the stream id; a second stream per message is not documented.
        if (pushed.streams.size > 0 && !pushed.streams.has(b.stream.id)) return bad('one stream per message');
        return undefined;
      }
      case 'template_card':
        // [被动回复] 模板卡片消息: one card per message.
        if (pushed.cardSent) return bad('a message takes one template card');
        return checkTemplateCard(b.template_card);
      case 'stream_with_template_card':
        // [长连接] the stream + template card combination is not supported on the long connection.
        return bad('stream_with_template_card is not supported on the long connection');
      case 'image':
      case 'file':
      case 'voice':
      case 'video':
        return b[b.msgtype]?.media_id ? this.checkMediaId(b) : bad(`${b.msgtype}.media_id is required`);
      default:
        return bad(`reply msgtype "${b.msgtype}" is not supported`);
    }
  }

  /**
   * [长连接] 上传临时素材 (SDK uploadMedia): init → chunks → finish; "单个分片不超过 512KB（Base64 编码前），最多 100 个分片";
   * type one of file, image, voice, video.
   */
  private checkUpload(frame: ClientFrame): Refusal | undefined {
    const bad = (reason: string): Refusal => ({ errcode: ERR_INVALID_PARAM, reason });
    const b = frame.body ?? {};
    if (frame.cmd === 'aibot_upload_media_init') {
      if (!['file', 'image', 'voice', 'video'].includes(b.type)) return bad('type must be file, image, voice or video');
      if (!Number.isInteger(b.total_chunks) || b.total_chunks < 1 || b.total_chunks > UPLOAD_MAX_CHUNKS) return bad(`total_chunks must be 1-${UPLOAD_MAX_CHUNKS}`);
      return undefined;
    }
    const total = this.uploadTotals.get(b.upload_id);
    if (total === undefined) return bad('unknown upload_id');
    if (frame.cmd === 'aibot_upload_media_chunk') {
      if (!Number.isInteger(b.chunk_index) || b.chunk_index < 0 || b.chunk_index >= total) return bad('chunk_index out of range');
      if (Buffer.from(String(b.base64_data ?? ''), 'base64').length > UPLOAD_CHUNK_MAX_BYTES) return bad('chunk over 512 KB before base64');
      return undefined;
    }
    const got = this.chunks.get(b.upload_id)!;
    return Array.from({ length: total }, (_, i) => got[i]).every(Boolean) ? undefined : bad('upload finished before every chunk arrived');
  }

  /** [错误码] 40007 不合法的media_id参数: media must have been uploaded on this connection's bot. */
  private checkMediaId(body: ClientFrame['body']): Refusal | undefined {
    const type = body?.msgtype as string;
    if (!['image', 'file', 'voice', 'video'].includes(type)) return undefined;
    return this.uploads.has(body[type]?.media_id) ? undefined : { errcode: ERR_INVALID_MEDIA_ID, reason: 'media_id was not uploaded (or has expired)' };
  }
}
