import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Outbound } from '../../../domain/index.js';
import { ERR_RATE_LIMIT, apiError } from '../api/errors.js';
import { DEFAULT_API_BASE } from '../config.js';
import { loadPhoto, type PhotoSource } from '../media.js';
import { splitUtf8, withChoicesListed } from '../text.js';
import type { SendCaps } from '../send-caps.js';
import { SlidingWindowLimiter, systemClock, type Clock } from './limiter.js';
import { fitForRobot } from './robot-image.js';

/** WeCom allows 20 messages per minute per group robot. */
const PER_MINUTE = 20;
const MARKDOWN_MAX_BYTES = 4096;

export interface WebhookRobotOptions {
  /** The robot's webhook key: a secret, never logged. */
  key: string;
  baseUrl?: string;
  clock?: Clock;
  /** Waits before each retry when WeCom still answers 45009 (e.g. another sender shares the key). */
  rateLimitBackoffMs?: number[];
  media?: PhotoSource;
  logger: Logger;
  /** Shared send caps (Redis with several replicas), counted under `capKey`. */
  caps?: SendCaps;
  capKey?: string;
}

type RobotMessage =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'image'; image: { base64: string; md5: string } };

/** A group robot (群机器人): send-only, the simplest way to post into an existing WeCom group. */
export class WebhookRobot {
  private readonly limiter: SlidingWindowLimiter;
  private readonly clock: Clock;

  constructor(private readonly opts: WebhookRobotOptions) {
    this.clock = opts.clock ?? systemClock;
    this.limiter = new SlidingWindowLimiter(PER_MINUTE, 60_000, this.clock);
  }

  sendText(content: string, mentionedList?: string[]): Promise<void> {
    return this.post({ msgtype: 'text', text: mentionedList ? { content, mentioned_list: mentionedList } : { content } });
  }

  sendMarkdown(content: string): Promise<void> {
    return this.post({ msgtype: 'markdown', markdown: { content } });
  }

  /** Re-encodes a photo over the robot's 2 MB (or not JPG/PNG) first; one that cannot fit is skipped with a log line. */
  async sendImage(data: Uint8Array): Promise<void> {
    const bytes = await fitForRobot(data);
    if (!bytes) return void this.opts.logger.warn({ bytes: data.length }, 'photo too large for a group robot even when shrunk; skipped');
    return this.post({ msgtype: 'image', image: { base64: bytes.toString('base64'), md5: createHash('md5').update(bytes).digest('hex') } });
  }

  /** Renders handler replies for a group that cannot press buttons: choices are listed as text. */
  async send(messages: Outbound[]): Promise<void> {
    for (const m of messages) {
      if (m.kind === 'photo') {
        const photo = await loadPhoto(this.opts.media, m.mediaId, this.opts.logger);
        if (photo) await this.sendImage(photo.data);
        if (m.caption) await this.sendMarkdownSplit(m.caption);
      } else if (m.text.trim()) {
        await this.sendMarkdownSplit(withChoicesListed(m.text, m.choices));
      }
    }
  }

  private async sendMarkdownSplit(text: string): Promise<void> {
    for (const part of splitUtf8(text, MARKDOWN_MAX_BYTES)) await this.sendMarkdown(part);
  }

  private async post(message: RobotMessage): Promise<void> {
    const backoff = this.opts.rateLimitBackoffMs ?? [10_000, 30_000, 60_000];
    const url = `${(this.opts.baseUrl ?? DEFAULT_API_BASE).replace(/\/+$/, '')}/webhook/send?key=${encodeURIComponent(this.opts.key)}`;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire();
      // The in-process limiter paces this replica; the shared cap stops replicas together over 20/min.
      await this.opts.caps?.take('robot', this.opts.capKey ?? 'default');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`WeCom webhook/send failed: HTTP ${res.status}`);
      const { errcode = 0, errmsg = '' } = (await res.json()) as { errcode?: number; errmsg?: string };
      if (errcode === 0) return;
      if (errcode === ERR_RATE_LIMIT && attempt < backoff.length) {
        this.opts.logger.warn({ attempt: attempt + 1 }, 'WeCom webhook rate-limited (45009), backing off');
        await this.clock.sleep(backoff[attempt]!);
        continue;
      }
      throw apiError('webhook/send', errcode, errmsg);
    }
  }
}
