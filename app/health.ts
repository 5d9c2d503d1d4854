import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChannelHealth, ChannelHealthSnapshot } from './channel-health.js';
import type { OpenedStores } from './stores.js';

export interface HealthReport {
  ok: boolean;
  body: Record<string, unknown>;
}

/** Replicas publish their channel states this often; an entry older than three rounds is a dead replica's. */
const PUBLISH_MS = 10_000;

async function timed(probe: () => Promise<unknown>, timeoutMs = 2_000): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - started), error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

const pingStore = (stores: OpenedStores) => async () => {
  if (stores.kind === 'mongo') await stores.db.command({ ping: 1 });
  else stores.db.prepare('SELECT 1').get();
};

/**
 * `/healthz` and `/readyz`. Health pings the store and Redis and lists the channels; it fails (503) when the
 * store or a configured Redis does not answer, or a configured channel is down on every replica (replicas share
 * their channel states through Redis, so a WeCom bot connection held by another replica is not "down").
 * Readiness also waits for the start to finish (indexes, migrations, the knowledge index) and ends with a drain.
 */
export function healthChecks(deps: { stores: OpenedStores; redis?: Redis; channels: ChannelHealth; namespace: string; extra?: () => Record<string, unknown> }) {
  const replica = randomUUID();
  const key = `${deps.namespace}:replica-channels`;
  let ready = false;
  let draining = false;
  let timer: NodeJS.Timeout | undefined;

  const publish = async () => {
    const entry = JSON.stringify({ at: Date.now(), channels: deps.channels.snapshot() });
    // The hash outlives no replica by long: each publish extends it, stale entries are skipped when read.
    await deps.redis?.multi().hset(key, replica, entry).pexpire(key, 3 * PUBLISH_MS).exec();
  };

  /** Channels down here that no live replica serves or stands by for. */
  const downEverywhere = async (): Promise<string[]> => {
    const here = deps.channels.down();
    if (here.length === 0 || !deps.redis) return here;
    const all = await deps.redis.hgetall(key);
    const fresh = Object.entries(all)
      .filter(([id]) => id !== replica)
      .map(([, v]) => JSON.parse(v) as { at: number; channels: ChannelHealthSnapshot })
      .filter((e) => Date.now() - e.at < 3 * PUBLISH_MS);
    return here.filter((ch) => !fresh.some((e) => ['connected', 'standby'].includes(e.channels[ch]?.state ?? '')));
  };

  const probes = async () => {
    const [store, redis] = await Promise.all([timed(pingStore(deps.stores)), deps.redis ? timed(() => deps.redis!.ping()) : undefined]);
    return { store: { kind: deps.stores.kind, ...store }, redis: redis ?? ('off' as const) };
  };

  return {
    /** Called once the app has finished starting; publishing starts here. A draining app stays unready. */
    markReady(): void {
      if (draining) return;
      ready = true;
      if (deps.redis) {
        void publish().catch(() => undefined);
        timer = setInterval(() => void publish().catch(() => undefined), PUBLISH_MS);
        timer.unref();
      }
    },
    /** From the first shutdown signal on, load balancers are told to send nothing new here. */
    async drain(): Promise<void> {
      ready = false;
      draining = true;
      clearInterval(timer);
      await deps.redis?.hdel(key, replica).catch(() => undefined);
    },
    async health(): Promise<HealthReport> {
      const { store, redis } = await probes();
      const down = await downEverywhere().catch(() => deps.channels.down());
      const ok = store.ok && (typeof redis === 'string' || redis.ok) && down.length === 0;
      return {
        ok,
        body: { status: ok ? 'ok' : 'down', store, redis, channels: deps.channels.snapshot(), channelsDown: down, ...deps.extra?.() },
      };
    },
    async ready(): Promise<HealthReport> {
      if (!ready) return { ok: false, body: { ready: false, reason: 'starting or draining' } };
      const { store, redis } = await probes();
      const ok = store.ok && (typeof redis === 'string' || redis.ok);
      return { ok, body: { ready: ok, store, redis } };
    },
  };
}
