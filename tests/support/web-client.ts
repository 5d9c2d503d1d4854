import type { WebMessage } from '../../bot/web/render.js';

type Fetch = (req: Request) => Response | Promise<Response>;

/** A browser-like client for the web chat: keeps its session cookie and talks JSON like app.js does. */
export class WebChatClient {
  /** Cookies by name (paths ignored): the chat session and, after a tip check, the receipt session. */
  private readonly cookies = new Map<string, string>();
  last: WebMessage[] = [];
  constructor(private readonly fetchFn: Fetch, private readonly origin = 'http://localhost') {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('origin', this.origin);
    const res = await this.fetchFn(new Request(this.origin + path, { ...init, headers }));
    // Like a browser: when several cookies of the same name are set, the last one wins.
    for (const set of res.headers.getSetCookie()) {
      const [name, ...value] = (set.split(';')[0] ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }

  private async post(path: string, body: unknown): Promise<{ status: number; data: { messages?: WebMessage[]; error?: string } & Record<string, unknown> }> {
    const res = await this.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await res.json()) as { messages?: WebMessage[]; error?: string };
    if (data.messages) this.last = data.messages;
    return { status: res.status, data };
  }

  say = (text: string) => this.post('/api/chat', { kind: 'text', text }).then((r) => r.data.messages ?? []);
  choose = (value: string) => this.post('/api/chat', { kind: 'choice', value }).then((r) => r.data.messages ?? []);
  location = (lat: number, lng: number) => this.post('/api/chat', { kind: 'location', lat, lng }).then((r) => r.data.messages ?? []);
  login = (username: string, password: string) => this.post('/api/login', { username, password });

  /** A first login with a one-time password, replaced as the chat requires before anything else. */
  async firstLogin(username: string, oneTimePassword: string): Promise<number> {
    const r = await this.login(username, oneTimePassword);
    if (r.status !== 200 || !r.data.mustChangePassword) return r.status;
    return (await this.post('/api/password', { current: oneTimePassword, next: `换过的口令-${oneTimePassword}` })).status;
  }

  async photos(files: Array<{ name: string; type: string; data: Uint8Array }>, caption?: string): Promise<WebMessage[]> {
    const form = new FormData();
    for (const f of files) form.append('photos', new File([f.data], f.name, { type: f.type }));
    if (caption) form.append('caption', caption);
    const res = await this.request('/api/chat/photos', { method: 'POST', body: form });
    const data = (await res.json()) as { messages?: WebMessage[]; error?: string };
    this.last = data.messages ?? [{ kind: 'text', text: data.error ?? '' }];
    return this.last;
  }

  /** Forgets one cookie, as a browser does when it expires. */
  dropCookie(name: string): void {
    this.cookies.delete(name);
  }

  private inboxCursor = 0;

  /** Polls like the page does: acknowledges the previous poll, so each push is returned once. */
  async inbox(): Promise<WebMessage[]> {
    const res = await this.request(`/api/inbox?ack=${this.inboxCursor}`);
    const data = (await res.json()) as { messages: WebMessage[]; cursor: number };
    this.inboxCursor = data.cursor;
    return data.messages;
  }

  /** All texts of the last reply, joined: what a person reads. */
  text(messages = this.last): string {
    return messages.map((m) => (m.kind === 'text' ? m.text : `[photo ${m.url}]`)).join('\n');
  }

  /** The value of the button whose value starts with `prefix` (or whose label contains it). */
  button(prefixOrLabel: string, messages = this.last): string {
    for (const m of messages) {
      if (m.kind !== 'text') continue;
      for (const row of m.choices ?? []) {
        for (const c of row) if (c.value.startsWith(prefixOrLabel) || c.label.includes(prefixOrLabel)) return c.value;
      }
    }
    throw new Error(`no button "${prefixOrLabel}" in:\n${this.text(messages)}`);
  }
}
