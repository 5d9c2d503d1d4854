import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botApiProblem } from './telegram-rules.js';

export interface SentPhoto {
  chatId: string;
  caption?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body by name (undici's parser rejects grammY's stream). */
function multipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
  const parts = new Map<string, Buffer>();
  let at = body.indexOf(`--${boundary}`);
  while (at >= 0) {
    const start = at + boundary.length + 4; // "--" + boundary + CRLF
    const next = body.indexOf(`\r\n--${boundary}`, start);
    if (next < 0) break;
    const part = body.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, split).toString())?.[1];
    if (name) parts.set(name, part.subarray(split + 4));
    at = next + 2;
  }
  return parts;
}

/**
 * Sits in front of telegram-test-api (REFERENCE §2.9) as the bot's apiRoot. The emulator lacks
 * getFile, file downloads, sendPhoto and setMyCommands; they are answered here like the Bot API
 * does, everything else is passed through. Calls over a documented limit (telegram-rules.ts) are
 * refused with 400 as the Bot API refuses them. grammY's node-fetch calls hang under nock's interceptor,
 * hence a real local server.
 */
export class TelegramGateway {
  readonly photos: SentPhoto[] = [];
  readonly commands: Array<{ language_code?: string; commands: Array<{ command: string; description: string }> }> = [];
  /** file_ids the bot asked getFile for. */
  readonly fileRequests: string[] = [];
  /** Calls refused for breaking a documented limit, with the Bot API's description. */
  readonly refused: Array<{ method: string; description: string }> = [];
  /** Every Bot API method the bot called, with when (to check what came first). */
  readonly calls: Array<{ method: string; at: number; body: Record<string, unknown> }> = [];
  private readonly files = new Map<string, Buffer>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    private readonly upstream: string,
  ) {}

  static async start(upstream: string): Promise<TelegramGateway> {
    const server = createServer();
    const gw = new TelegramGateway(server, upstream);
    server.on('request', (req, res) => void gw.serve(req, res).catch((e: unknown) => res.writeHead(500).end(String(e))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gw;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Makes bytes downloadable; returns what a message's PhotoSize/Document carries. `claimedSize` overrides file_size. */
  hostFile(data: Buffer, claimedSize?: number) {
    const id = `file${++this.seq}`;
    this.files.set(id, data);
    return { file_id: id, file_unique_id: `u${id}`, file_size: claimedSize ?? data.length, width: 640, height: 480 };
  }

  /** Photos sent to a chat since the last call. */
  takePhotos(chatId: number): SentPhoto[] {
    const mine = this.photos.filter((p) => p.chatId === String(chatId));
    for (const p of mine) this.photos.splice(this.photos.indexOf(p), 1);
    return mine;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const file = /^\/file\/bot[^/]+\/photos\/(\w+)\.jpg$/.exec(path);
    if (file) {
      const data = this.files.get(file[1]!);
      res.writeHead(data ? 200 : 404).end(data);
      return;
    }
    const method = /^\/bot[^/]+\/(\w+)$/.exec(path)?.[1];
    if (method) {
      const json = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(body.toString() || '{}') as Record<string, unknown>) : {};
      this.calls.push({ method, at: Date.now(), body: json });
    }
    const ok = (result: unknown) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    if (method) {
      // The Bot API's documented limits (telegram-rules.ts), which the emulator does not check.
      const form = method === 'sendPhoto' ? multipart(body, req.headers['content-type'] ?? '') : undefined;
      const fields = form ? Object.fromEntries([...form].map(([k, v]) => [k, v.toString()])) : this.calls.at(-1)!.body;
      const problem = botApiProblem(method, fields);
      if (problem) {
        this.refused.push({ method, description: problem.description });
        return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 400, description: problem.description }));
      }
    }
    const request = () => new Request('http://gateway.local', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body });

    switch (method) {
      case 'getFile': {
        const { file_id } = (await request().json()) as { file_id: string };
        this.fileRequests.push(file_id);
        const data = this.files.get(file_id);
        if (!data) return void res.writeHead(400).end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' }));
        return ok({ file_id, file_unique_id: `u${file_id}`, file_size: data.length, file_path: `photos/${file_id}.jpg` });
      }
      case 'sendPhoto': {
        const form = multipart(body, req.headers['content-type'] ?? '');
        const chatId = form.get('chat_id')?.toString() ?? '';
        // grammY sends `photo=attach://<id>` and the bytes as the part named <id>.
        const data = form.get(form.get('photo')?.toString().replace('attach://', '') ?? '') ?? Buffer.alloc(0);
        this.photos.push({ chatId, caption: form.get('caption')?.toString(), data });
        return ok({ message_id: ++this.seq, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, photo: [] });
      }
      case 'setMyCommands': {
        this.commands.push((await request().json()) as TelegramGateway['commands'][number]);
        return ok(true);
      }
      case 'setChatMenuButton':
        return ok(true);
      default: {
        const up = await fetch(this.upstream + path, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, body: body.length ? body : undefined });
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await up.arrayBuffer()));
      }
    }
  }
}
