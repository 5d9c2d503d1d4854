import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAiBotAdapter, type AiBotAdapter, type AiBotHealth } from '../../../bot/wecom/index.js';
import { redisLease } from '../../../bot/wecom/aibot/lease.js';
import type { Outbound } from '../../../domain/index.js';
import { FakeWeComServer } from '../../support/fake-wecom-ws.js';
import { serviceUrl } from '../../support/requires.js';

const redisUrl = serviceUrl('REDIS_URL');

/** Two replicas of the bot adapter sharing a Redis lease, against the strict fake (short lease timings). */
describe.skipIf(!redisUrl)('the bot connection lease', () => {
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  let server: FakeWeComServer;
  const bots: AiBotAdapter[] = [];
  const states: Record<string, AiBotHealth['state'][]> = {};
  let key: string;

  const until = async (cond: () => boolean, ms: number, what: string) => {
    for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > end) throw new Error(`not reached within ${ms} ms: ${what}`);
    }
  };

  function replica(name: string): AiBotAdapter {
    const logger = pino({ level: 'silent' });
    states[name] = [];
    const bot = createAiBotAdapter({
      botId: server.botId,
      secret: server.secret,
      wsUrl: server.url,
      handler: { handle: async (): Promise<Outbound[]> => [{ kind: 'text', text: `${name} 收到` }] },
      logger,
      lease: redisLease({ redis: redis!, key, logger, ttlMs: 2_000, renewEveryMs: 500, pollMs: 200 }),
      kickCooldownMs: 3_000,
      onState: (h) => states[name]!.push(h.state),
      connection: { heartbeatInterval: 60_000, reconnectInterval: 50 },
    });
    bots.push(bot);
    bot.start();
    return bot;
  }

  beforeEach(async () => {
    server = await FakeWeComServer.start({ botId: `bot-lease-${randomBytes(3).toString('hex')}` });
    key = `zz-test:wecom:lease:${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    for (const b of bots.splice(0)) await b.stop();
    await server.stop();
  });
  afterAll(async () => void (await redis?.quit()));

  it('lets exactly one replica connect; the other stands by and reports healthy', async () => {
    const [a, b] = [replica('a'), replica('b')];
    await until(() => a.isConnected() || b.isConnected(), 5_000, 'a replica connected');
    await new Promise((r) => setTimeout(r, 1_000)); // several poll rounds
    expect(server.authentications).toBe(1);
    const standby = a.isConnected() ? b : a;
    expect(standby.health()).toMatchObject({ ok: true, state: 'standby' });
  });

  it('hands the connection to the other replica when the holder is kicked, and answers from there', async () => {
    const [a, b] = [replica('a'), replica('b')];
    await until(() => a.isConnected() || b.isConnected(), 5_000, 'a replica connected');
    const [holder, other] = a.isConnected() ? [a, b] : [b, a];
    const kickedAt = Date.now();
    server.kick();
    await until(() => other.isConnected(), 15_000, 'the other replica took over');
    expect(Date.now() - kickedAt).toBeLessThan(15_000);
    expect(holder.health().state).toBe('standby');
    expect(server.authentications).toBe(2);
    const reply = await server.nextReply(server.pushText('还在吗'));
    expect(reply.body.stream).toMatchObject({ finish: true, content: `${other === a ? 'a' : 'b'} 收到` });
    expect(states[holder === a ? 'a' : 'b']).toContain('kicked');
  });

  it('takes over when the holder stops renewing (it stopped or died)', async () => {
    const [a, b] = [replica('a'), replica('b')];
    await until(() => a.isConnected() || b.isConnected(), 5_000, 'a replica connected');
    const [holder, other] = a.isConnected() ? [a, b] : [b, a];
    await holder.stop();
    await until(() => other.isConnected(), 5_000, 'the other replica took over');
    expect(server.authentications).toBe(2);
  });
});
