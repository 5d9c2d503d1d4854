import { Agent, request } from 'node:http';
import sharp from 'sharp';

export interface StepResult {
  step: string;
  ms: number;
  ok: boolean;
  /** Why a step counts as an error: HTTP status, a network failure, or an error reply. */
  error?: string;
}

const ERROR_REPLIES = ['请再发送一次', '系统出了点问题', '操作太频繁'];

// node:http with keep-alive rather than fetch: the load generator shares the 2 cores with the app it measures, and
// fetch cost it nearly three times the CPU per request (0.7 against 0.26 ms). An idle socket is closed after 2 s,
// well before the app's 5 s keep-alive ends: reusing one the server is closing at that moment fails with ECONNRESET.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 2_000 });

function post(url: string, headers: Record<string, string>, body: Uint8Array | string): Promise<{ status: number; body: string; setCookie?: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie: res.headers['set-cookie'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One browser session of the web chat over HTTP: a cookie, JSON posts, photo uploads; every step timed. */
export class BenchSession {
  private cookie = '';
  private turn = 0;
  constructor(private readonly origins: string[]) {}

  private async send(step: string, path: string, init: { method: 'POST'; headers: Record<string, string>; body: Uint8Array | string }, expect?: RegExp): Promise<StepResult> {
    const origin = this.origins[this.turn++ % this.origins.length]!;
    const headers: Record<string, string> = { ...init.headers, origin, 'content-length': String(Buffer.byteLength(init.body)) };
    if (this.cookie) headers.cookie = this.cookie;
    const t0 = performance.now();
    try {
      const res = await post(origin + path, headers, init.body);
      const ms = performance.now() - t0;
      const set = res.setCookie?.at(-1);
      if (set) this.cookie = set.split(';')[0] ?? '';
      if (res.status !== 200) return { step, ms, ok: false, error: `HTTP ${res.status}` };
      const bad = ERROR_REPLIES.find((e) => res.body.includes(e));
      if (bad) return { step, ms, ok: false, error: bad };
      if (expect && !expect.test(res.body)) return { step, ms, ok: false, error: `unexpected reply: ${res.body.slice(0, 120)}` };
      return { step, ms, ok: true };
    } catch (e) {
      return { step, ms: performance.now() - t0, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  private json = (step: string, body: unknown, expect?: RegExp) =>
    this.send(step, '/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, expect);

  /** The steps of one whole 上报 dialog and one regulation question, in order, as functions to pace. */
  dialog(n: number, photo: Uint8Array): Array<() => Promise<StepResult>> {
    return [
      () => this.json('start report', { kind: 'choice', value: 'm:report' }, /企业的名称/),
      () => this.json('enterprise', { kind: 'text', text: '金泰铸造' }, /金泰铸造/),
      () => this.json('description', { kind: 'text', text: `第${n}号熔炼炉炉前平台有积水，靠近钢包` }, /照片/),
      () => {
        const boundary = `----bench${n}`;
        const head = `--${boundary}\r\ncontent-disposition: form-data; name="photos"; filename="p${n}.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`;
        const body = Buffer.concat([Buffer.from(head), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
        return this.send('photo', '/api/chat/photos', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body }, /已收到1张照片/);
      },
      () => this.json('photos done', { kind: 'choice', value: 'r:photos_done' }),
      () => this.json('location', { kind: 'location', lat: 35.44, lng: 112.8 }, /请核对/),
      () => this.json('submit', { kind: 'choice', value: 'r:submit' }, /ZZ-\d{4}-\d{6}/),
      () => this.json('question', { kind: 'text', text: '有限空间作业前要检测哪些气体？' }),
    ];
  }
}

/** A small distinct JPEG: the photo step's cost is the upload and re-encode path, not a 4 MB phone photo. */
export async function benchPhoto(i: number): Promise<Uint8Array> {
  const buf = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: 120 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return new Uint8Array(buf);
}
