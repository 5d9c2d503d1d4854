type Fetch = (req: Request) => Response | Promise<Response>;

/** A browser without JavaScript: keeps the session cookie, follows no redirects, posts forms with their CSRF token. */
export class FormClient {
  cookie = '';
  constructor(private readonly fetchFn: Fetch, readonly origin = 'http://localhost') {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', this.origin);
    const res = await this.fetchFn(new Request(this.origin + path, { ...init, headers, redirect: 'manual' }));
    const set = res.headers.getSetCookie().at(-1);
    if (set) this.cookie = set.split(';')[0] ?? '';
    return res;
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await this.request(path);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  /** The CSRF token of the page at `path` (any dashboard page renders one). */
  async csrf(path = '/dashboard/login'): Promise<string> {
    const { html } = await this.get(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}:\n${html.slice(0, 500)}`);
    return token;
  }

  async post(path: string, fields: Record<string, string | string[] | File>, opts: { csrfFrom?: string; multipart?: boolean } = {}) {
    const token = await this.csrf(opts.csrfFrom ?? '/dashboard/login');
    const body = opts.multipart ? new FormData() : new URLSearchParams();
    body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) {
      for (const x of ([] as (string | File)[]).concat(v)) (body as FormData).append(k, x as string);
    }
    const res = await this.request(path, { method: 'POST', body });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  async login(username: string, password: string): Promise<void> {
    const r = await this.post('/dashboard/login', { username, password });
    if (r.status !== 303) throw new Error(`login failed (${r.status}): ${r.html.slice(0, 300)}`);
  }
}
