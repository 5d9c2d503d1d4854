import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChatPort, ChatRef, Outbound, SendOptions } from '../../domain/index.js';

/** Pushes waiting for a page, each numbered per chat in the order they were sent. */
export interface InboxBatch {
  messages: Outbound[];
  /** The number of the last message handed over (or the `ack` given): the page sends it back as its next `ack`. */
  cursor: number;
}

/**
 * Pushes for web chat sessions wait here until the page polls. A poll first drops what the page acknowledged
 * (`ack`, the cursor of its last poll), then returns the rest: a poll whose answer never arrived (a replica died
 * on the way) is answered again, and a page that keeps its cursor shows every push exactly once.
 */
export interface WebInbox extends ChatPort {
  take(chat: ChatRef, ack: number): Promise<InboxBatch>;
}

/** Bounded per chat so an abandoned tab cannot grow storage; a page that returns sees the latest messages. */
const MAX_PER_CHAT = 50;

/**
 * KEYS: the chat's sorted set, its counter, the send's idempotency mark (or ''); ARGV: cap, ttl, then each message as
 * JSON. A send whose mark is already set was made before: nothing is added.
 */
const SEND_SCRIPT = `
if KEYS[3] ~= '' and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then return 0 end
local count = #ARGV - 2
local last = redis.call('INCRBY', KEYS[2], count)
for i = 1, count do
  local n = last - count + i
  redis.call('ZADD', KEYS[1], n, '{"n":' .. n .. ',"m":' .. ARGV[i + 2] .. '}')
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[1]) - 1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return last`;

/** One process (the embedded default): pending pushes are lost with the process. */
export class MemoryInbox implements WebInbox {
  private readonly queues = new Map<ChatRef, { seq: number; items: Array<{ n: number; m: Outbound }>; sent: Set<string> }>();

  async send(chat: ChatRef, messages: Outbound[], opts?: SendOptions): Promise<void> {
    const q = this.queues.get(chat) ?? { seq: 0, items: [], sent: new Set<string>() };
    if (opts?.idempotencyKey) {
      if (q.sent.has(opts.idempotencyKey)) return;
      q.sent.add(opts.idempotencyKey);
    }
    for (const m of messages) q.items.push({ n: ++q.seq, m });
    q.items = q.items.slice(-MAX_PER_CHAT);
    this.queues.set(chat, q);
  }

  async take(chat: ChatRef, ack: number): Promise<InboxBatch> {
    const q = this.queues.get(chat);
    if (!q) return { messages: [], cursor: ack };
    // The counter stays even when nothing is pending: numbers must keep growing past the page's cursor.
    q.items = q.items.filter((i) => i.n > ack);
    return { messages: q.items.map((i) => i.m), cursor: q.items.at(-1)?.n ?? ack };
  }
}

/**
 * Replicas (REDIS_URL): a sorted set per chat scored by a per-chat counter. A push made on any replica reaches a
 * page polling any other and survives an app restart; acknowledged messages are removed, unacknowledged ones are
 * handed out again. A tab that never comes back lets its pushes expire after a week.
 */
export class RedisInbox implements WebInbox {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'zz-web-inbox',
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  async send(chat: ChatRef, messages: Outbound[], opts?: SendOptions): Promise<void> {
    if (messages.length === 0) return;
    const key = `${this.prefix}:${chat}`;
    const mark = opts?.idempotencyKey ? `${key}:sent:${createHash('sha256').update(opts.idempotencyKey).digest('base64url')}` : '';
    // Numbering and adding in one script: two replicas pushing to one chat could otherwise number 5 and 6, add 6,
    // let a poll acknowledge up to 6, and then add 5 below the page's cursor, where it would never be shown.
    await this.redis.eval(SEND_SCRIPT, 3, key, `${key}:seq`, mark, MAX_PER_CHAT, this.ttlSeconds, ...messages.map((m) => JSON.stringify(m)));
  }

  async take(chat: ChatRef, ack: number): Promise<InboxBatch> {
    const key = `${this.prefix}:${chat}`;
    const result = await this.redis.multi().zremrangebyscore(key, '-inf', ack).zrange(key, 0, -1).exec();
    const [err, items] = result?.[1] ?? [new Error('inbox transaction aborted'), null];
    if (err) throw err;
    const parsed = (items as string[]).map((s) => JSON.parse(s) as { n: number; m: Outbound });
    return { messages: parsed.map((p) => p.m), cursor: parsed.at(-1)?.n ?? ack };
  }
}
