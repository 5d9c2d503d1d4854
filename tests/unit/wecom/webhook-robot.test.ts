import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, WebhookRobot, WeComRateLimitError, type Clock } from '../../../bot/wecom/index.js';

const API = 'https://qyapi.test';
const KEY = 'hook-key-secret';

/** Time only moves when the test says so; sleepers wake when their time has come. */
class ManualClock implements Clock {
  private t = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  readonly naps: number[] = [];
  now = () => this.t;
  sleep = (ms: number) => {
    this.naps.push(ms);
    return new Promise<void>((wake) => this.sleepers.push({ until: this.t + ms, wake }));
  };
  get sleeping() {
    return this.sleepers.length;
  }
  advance(ms: number) {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.until <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.until > this.t);
    for (const s of due) s.wake();
  }
}

async function waitFor(cond: () => boolean) {
  for (let i = 0; !cond(); i++) {
    if (i > 300) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function robot(clock: Clock, logger = pino({ level: 'silent' })) {
  return new WebhookRobot({ key: KEY, baseUrl: `${API}/cgi-bin`, clock, rateLimitBackoffMs: [10_000, 30_000], logger });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('SlidingWindowLimiter', () => {
  it('lets 20 through at once and holds the 21st until the first leaves the window', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(20, 60_000, clock);
    let passed = 0;
    const all = Array.from({ length: 21 }, () => limiter.acquire().then(() => passed++));
    await waitFor(() => passed === 20 && clock.sleeping === 1);
    clock.advance(59_999);
    await new Promise((r) => setTimeout(r, 10));
    expect(passed).toBe(20);
    clock.advance(1);
    await Promise.all(all);
    expect(passed).toBe(21);
  });
});

describe('WebhookRobot', () => {
  it('posts markdown with the key in the URL and delays (never drops) the 21st message in a minute', async () => {
    const clock = new ManualClock();
    const bot = robot(clock);
    const received: string[] = [];
    nock(API)
      .post('/cgi-bin/webhook/send')
      .query({ key: KEY })
      .times(21)
      .reply(200, (_uri, body) => {
        received.push((body as { markdown: { content: string } }).markdown.content);
        return { errcode: 0, errmsg: 'ok' };
      });
    const sends = Array.from({ length: 21 }, (_, i) => bot.sendMarkdown(`第${i + 1}条提醒`));
    await waitFor(() => received.length === 20 && clock.sleeping === 1);
    expect(received.at(-1)).toBe('第20条提醒');
    clock.advance(60_000);
    await Promise.all(sends);
    expect(received).toHaveLength(21);
    expect(received.at(-1)).toBe('第21条提醒');
  });

  it('backs off and retries when WeCom still says 45009', async () => {
    const clock = new ManualClock();
    const bot = robot(clock);
    nock(API).post('/cgi-bin/webhook/send').query(true).reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const ok = nock(API).post('/cgi-bin/webhook/send').query(true).reply(200, { errcode: 0 });
    const sending = bot.sendText('东区配电房检查提醒');
    await waitFor(() => clock.sleeping === 1);
    expect(clock.naps).toEqual([10_000]);
    clock.advance(10_000);
    await sending;
    expect(ok.isDone()).toBe(true);
  });

  it('gives up with a rate-limit error after its back-offs, without the key in the message', async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    const bot = robot(clock, pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) }));
    nock(API).post('/cgi-bin/webhook/send').query(true).times(3).reply(200, { errcode: 45009, errmsg: 'freq' });
    const sending = bot.sendText('x').catch((e: unknown) => e);
    await waitFor(() => clock.sleeping === 1);
    clock.advance(10_000);
    await waitFor(() => clock.sleeping === 1);
    clock.advance(30_000);
    const err = (await sending) as Error;
    expect(err).toBeInstanceOf(WeComRateLimitError);
    expect(err.message).not.toContain(KEY);
    expect(lines.join('')).not.toContain(KEY);
  });

  it('lists choices as text, since group robots cannot show buttons', async () => {
    let content = '';
    nock(API)
      .post('/cgi-bin/webhook/send')
      .query(true)
      .reply(200, (_u, body) => {
        content = (body as { markdown: { content: string } }).markdown.content;
        return { errcode: 0 };
      });
    await robot(new ManualClock()).send([{ kind: 'text', text: '请各企业自查：', choices: [[{ label: '消防', value: 'a' }, { label: '用电', value: 'b' }]] }]);
    expect(content).toBe('请各企业自查：\n\n- 消防\n- 用电');
  });
});
