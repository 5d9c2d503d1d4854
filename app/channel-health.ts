/**
 * Each configured chat channel's state in this process, for /healthz, /readyz and /metrics.
 *
 * - `connected`: this process serves the channel (long connection authenticated, webhook mounted, …).
 * - `standby`:   another replica holds the channel (the WeCom bot allows one connection per bot);
 *                this process is ready to take over. Healthy.
 * - `kicked`:    the platform closed our connection because another one for the same bot opened.
 * - `failed`:    configured but not working (auth refused, reconnects exhausted, lease lost for good).
 * - `disabled`:  not configured.
 */
export type ChannelState = 'connected' | 'standby' | 'kicked' | 'failed' | 'disabled';

export interface ChannelHealthEntry {
  state: ChannelState;
  detail?: string;
  /** When the state last changed (ms since epoch). */
  since: number;
}

export type ChannelHealthSnapshot = Record<string, ChannelHealthEntry>;

export interface ChannelHealth {
  set(channel: string, state: ChannelState, detail?: string): void;
  snapshot(): ChannelHealthSnapshot;
  /**
   * Channels that are configured but serve nobody from here: `kicked` or `failed`. A replica on
   * `standby` is fine as long as some replica holds the connection (the lease guarantees one tries).
   */
  down(): string[];
}

/** States in which a configured channel reaches nobody through this process and no takeover is pending. */
export const DOWN_STATES: readonly ChannelState[] = ['kicked', 'failed'];

export function createChannelHealth(now: () => number = Date.now): ChannelHealth {
  const entries = new Map<string, ChannelHealthEntry>();
  return {
    set(channel, state, detail) {
      const prev = entries.get(channel);
      if (prev && prev.state === state && prev.detail === detail) return;
      entries.set(channel, { state, ...(detail ? { detail } : {}), since: prev?.state === state ? prev.since : now() });
    },
    snapshot: () => Object.fromEntries([...entries].map(([k, v]) => [k, { ...v }])),
    down: () => [...entries].filter(([, v]) => DOWN_STATES.includes(v.state)).map(([k]) => k),
  };
}

/** The process-wide registry the channels report into. */
export const channelHealth: ChannelHealth = createChannelHealth();
