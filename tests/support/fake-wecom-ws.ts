import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

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

/**
 * A local stand-in for wss://openws.work.weixin.qq.com speaking the frames of
 * @wecom/aibot-node-sdk (REFERENCE §1a.7), plus an HTTP side serving AES-encrypted files
 * the way WeCom's media URLs do. Every client frame is acked; tests decide the errcode.
 */
export class FakeWeComServer {
  /** Every frame received, in order. */
  readonly frames: ClientFrame[] = [];
  /** media_id → bytes the client uploaded. */
  readonly uploads = new Map<string, Buffer>();
  private readonly unclaimed: ClientFrame[] = [];
  private readonly waiters: { match: (f: ClientFrame) => boolean; resolve: (f: ClientFrame) => void }[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly chunks = new Map<string, Buffer[]>();
  private socket?: WebSocket;
  private seq = 0;
  /** Decides the ack errcode for a client frame (0 = ok). */
  ackErrcode: (frame: ClientFrame) => number = () => 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly secret: string,
  ) {}

  static async start(opts: { secret?: string } = {}): Promise<FakeWeComServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const server = new FakeWeComServer(http, wss, opts.secret ?? 'good-secret');
    http.on('request', (req, res) => {
      const file = server.files.get(req.url ?? '');
      res.writeHead(file ? 200 : 404, { 'content-disposition': 'attachment; filename="photo.jpg"' }).end(file);
    });
    wss.on('connection', (ws) => {
      server.socket = ws;
      ws.on('message', (raw) => server.receive(ws, JSON.parse(String(raw)) as ClientFrame));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Pushes a user message; returns its req_id (the replies carry it). */
  pushMessage(body: Record<string, unknown>, opts: PushOptions = {}): string {
    return this.push('aibot_msg_callback', { ...this.envelope(opts), ...body });
  }

  pushText(content: string, opts: PushOptions = {}): string {
    return this.pushMessage({ msgtype: 'text', text: { content } }, opts);
  }

  pushImage(image: { url: string; aeskey: string }, opts: PushOptions = {}): string {
    return this.pushMessage({ msgtype: 'image', image }, opts);
  }

  pushEvent(event: Record<string, unknown>, opts: PushOptions = {}): string {
    return this.push('aibot_event_callback', {
      ...this.envelope(opts),
      create_time: Math.floor(Date.now() / 1000),
      msgtype: 'event',
      event,
    });
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

  /** What WeCom does when a second connection for the same bot is opened. */
  kick(): void {
    this.pushEvent({ eventtype: 'disconnected_event' });
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

  /** Replies (respond_msg / respond_update_msg / send_msg) answering the given inbound req_id or any push. */
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
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private envelope(opts: PushOptions) {
    return {
      msgid: opts.msgid ?? `msg_${++this.seq}`,
      aibotid: 'bot-test',
      chattype: opts.chatid ? 'group' : 'single',
      ...(opts.chatid ? { chatid: opts.chatid } : {}),
      from: { userid: opts.from ?? 'zhangsan' },
    };
  }

  private push(cmd: string, body: Record<string, unknown>): string {
    const reqId = `req_${++this.seq}`;
    if (!this.socket) throw new Error('no bot client connected');
    this.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  private receive(ws: WebSocket, frame: ClientFrame): void {
    this.frames.push(frame);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ack bodies vary by command
    const ack: any = { headers: { req_id: frame.headers.req_id }, errcode: 0, errmsg: 'ok' };
    if (frame.cmd === 'aibot_subscribe' && frame.body?.secret !== this.secret) ack.errcode = 40001;
    else ack.errcode = this.ackErrcode(frame);
    if (frame.cmd === 'aibot_upload_media_init') {
      const uploadId = `upload_${++this.seq}`;
      this.chunks.set(uploadId, []);
      ack.body = { upload_id: uploadId };
    }
    if (frame.cmd === 'aibot_upload_media_chunk') {
      this.chunks.get(frame.body.upload_id)![frame.body.chunk_index] = Buffer.from(frame.body.base64_data, 'base64');
    }
    if (frame.cmd === 'aibot_upload_media_finish') {
      const mediaId = `media_${++this.seq}`;
      this.uploads.set(mediaId, Buffer.concat(this.chunks.get(frame.body.upload_id)!.filter(Boolean)));
      ack.body = { type: 'image', media_id: mediaId, created_at: String(Date.now()) };
    }
    if (ack.errcode !== 0) ack.errmsg = 'fake failure';
    ws.send(JSON.stringify(ack));
    const waiter = this.waiters.find((w) => w.match(frame));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else {
      this.unclaimed.push(frame);
    }
  }
}
