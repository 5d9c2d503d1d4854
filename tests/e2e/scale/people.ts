import sharp from 'sharp';
import { FormClient } from '../dashboard/form-client.js';
import { WebChatClient } from '../../support/web-client.js';
import type { WebMessage } from '../../../bot/web/render.js';

/** A step the app never answered (its replica died mid-request): the person cannot know whether it was applied. */
export class Unanswered extends Error {}

/** A web chat person behind the proxy whose every step must be answered 200, or counts as unanswered. */
export class Person extends WebChatClient {
  readonly pushes: WebMessage[] = [];
  constructor(proxy: string) {
    super((req) => fetch(req), proxy);
  }

  /** "Please send it again" (the chat was busy or the step lost a race) or "too fast": a person waits and resends. */
  override async request(path: string, init: RequestInit = {}): Promise<Response> {
    for (let i = 0; ; i++) {
      const res = await this.once(path, init);
      const busy = res.status === 429 || (res.status === 200 && (await res.clone().text()).includes('请再发送一次'));
      if (!busy || i >= 20) return res;
      await new Promise((r) => setTimeout(r, res.status === 429 ? 3_000 : 1_000));
    }
  }

  private async once(path: string, init: RequestInit): Promise<Response> {
    const res = await super.request(path, init).catch((e: unknown) => {
      throw new Unanswered(`${path}: ${String(e)}`);
    });
    if (res.status === 502 || res.status === 503) throw new Unanswered(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    if (res.status !== 200 && res.status !== 429) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res;
  }

  /** What the page's poll gets: kept, so the test can count every push this browser session saw. */
  async poll(): Promise<void> {
    this.pushes.push(...(await this.inbox()));
  }
}

/** A distinct small JPEG per (person, photo): content-addressed storage must not merge two people's photos. */
export async function photoOf(person: number, n: number): Promise<{ name: string; type: string; data: Uint8Array }> {
  const data = await sharp({ create: { width: 48, height: 36, channels: 3, background: { r: person % 256, g: (person >> 8) * 40 + n * 60, b: 90 } } })
    .jpeg()
    .toBuffer();
  return { name: `p${person}-${n}.jpg`, type: 'image/jpeg', data: new Uint8Array(data) };
}

const expectText = (p: Person, want: string, step: string) => {
  if (!p.text().includes(want)) throw new Error(`${step}: expected "${want}" in:\n${p.text()}`);
};

export interface Filed {
  marker: string;
  number?: string;
  photos: number;
  enterprise: string;
  acknowledged: boolean;
  /** Why the dialog was cut off, when it was. */
  cut?: string;
}

/**
 * A whole 上报 dialog. The two photos go up at the same moment (like an album's updates reaching two replicas):
 * the chat lock must apply both. An unanswered step makes the person cancel and start over, as a person would.
 */
export async function fileReport(p: Person, id: number, enterprise: { alias: string; name: string }, attempt: number): Promise<Filed> {
  const marker = `P${id}-A${attempt}`;
  const filed: Filed = { marker, photos: 2, enterprise: enterprise.name, acknowledged: false };
  try {
    if (attempt > 1) await p.say('取消');
    await p.choose('m:report');
    expectText(p, '企业的名称', 'start');
    await p.say(enterprise.alias);
    expectText(p, enterprise.name, 'enterprise');
    await p.say(`脚手架踏板松动，无防护栏 ${marker}`);
    expectText(p, '现场照片', 'description');
    const [a, b] = await Promise.all([photoOf(id * 4 + attempt, 1), photoOf(id * 4 + attempt, 2)]);
    // Both answered before anything else happens: a person whose upload failed looks at the chat first.
    const sent = await Promise.allSettled([p.photos([a]), p.photos([b])]);
    for (const r of sent) if (r.status === 'rejected') throw r.reason;
    await p.choose('r:photos_done');
    await p.location(35.44, 112.8);
    expectText(p, '请核对上报内容', 'location');
    if (!p.text().includes('2张')) throw new Error(`a photo step was lost or doubled:\n${p.text()}`);
    await p.choose('r:submit');
    filed.number = /ZZ-\d{4}-\d{6}/.exec(p.text())?.[0];
    if (!filed.number) throw new Error(`no case number in:\n${p.text()}`);
    filed.acknowledged = true;
  } catch (e) {
    if (!(e instanceof Unanswered)) throw e;
    filed.cut = e.message;
  }
  return filed;
}

export interface Tip {
  marker: string;
  number?: string;
  checked: boolean;
}

/** A whole anonymous tip, then its receipt checked from a fresh browser session by code and PIN. */
export async function fileTip(p: Person, proxy: string, id: number, attempt: number): Promise<Tip> {
  const marker = `T${id}-A${attempt}`;
  const tip: Tip = { marker, checked: false };
  try {
    if (attempt > 1) await p.say('取消');
    await p.say('/tip');
    await p.choose('t:go');
    await p.say(`夜班长期无人监护，除尘器泄爆片被拆除 ${marker}`);
    await p.choose('t:skip_ent');
    await p.photos([await photoOf(10_000 + id * 4 + attempt, 1)]);
    await p.choose('t:photos_done');
    expectText(p, '请核对举报内容', 'tip review');
    await p.choose('t:pin');
    const pin = `Zezhou${2026 + id}`;
    await p.say(pin);
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(p.text())?.[1];
    if (!code) throw new Error(`no receipt code in:\n${p.text()}`);
    await p.say(`${code} ${pin}`);
    tip.number = /ZZ-\d{4}-\d{6}/.exec(p.text())?.[0];
    if (!tip.number) throw new Error(`no case number in:\n${p.text()}`);
    const checker = new Person(proxy);
    await checker.say(`/tip ${code} ${pin}`);
    expectText(checker, `案件 ${tip.number}`, 'receipt check');
    tip.checked = true;
  } catch (e) {
    if (!(e instanceof Unanswered)) throw e;
  }
  return tip;
}

/** An official in the dashboard: a browser without JavaScript, posting forms with their CSRF token. */
export class DashboardOfficial extends FormClient {
  constructor(proxy: string) {
    // A connection cut by a dying replica reads as the proxy's 502, like a browser's error page.
    super((req) => fetch(req).catch(() => new Response('connection reset', { status: 502 })), proxy);
  }

  /** Logs in with a one-time password and replaces it, as a first login must. */
  async firstLogin(username: string, oneTime: string, next: string): Promise<void> {
    await this.login(username, oneTime);
    const changed = await this.post('/dashboard/password', { current: oneTime, next }, { csrfFrom: '/dashboard/password' });
    if (changed.status !== 303) throw new Error(`password change failed (${changed.status})`);
  }

  /** Assesses a case from its page; true when the app acknowledged it. A page left stale is reloaded. */
  async assess(number: string, deadline: string): Promise<boolean> {
    const page = `/dashboard/cases/${number}`;
    // A case whose last writer was killed mid-write stays locked for up to a minute (stores/mongo/versioned-replace.ts).
    for (let i = 0; i < 90; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 1_000));
      const view = await this.get(page);
      if (view.status === 502 || view.status === 503) continue;
      if (view.status !== 200) throw new Error(`${page}: ${view.status} ${view.location ?? ''}`);
      if (!view.html.includes(`${page}/assess`)) return view.html.includes('已评估');
      const version = /name="version" value="(\d+)"/.exec(view.html)?.[1];
      // The form's CSRF token comes from one more page load, which a dying replica may also cut off.
      const r = await this.post(`${page}/assess`, { version: version ?? '', severity: 'general', deadline, note: '' }, { csrfFrom: page }).catch(
        (e: unknown) => ({ status: 502, location: null, html: String(e) }),
      );
      if (r.status === 303) return true;
      if (r.status !== 502 && r.status !== 503 && r.status !== 409) throw new Error(`assess ${number}: ${r.status} ${r.location ?? ''} ${r.html.slice(0, 300)}`);
    }
    throw new Error(`assess ${number}: no answer after 90 tries`);
  }

  /** Still signed in: a dashboard page opens without a detour to the login page. */
  async signedIn(): Promise<boolean> {
    const r = await this.get('/dashboard/cases');
    return r.status === 200;
  }
}
