import type { Clock } from '../../domain/index.js';

/** An official's dashboard session ends after this long without a dashboard request. */
export const DASHBOARD_IDLE_MS = 2 * 60 * 60_000;

/** 2小时 / 90分钟: how the login page names the idle limit. */
export const idleSpan = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}小时` : `${Math.max(1, Math.round(ms / 60_000))}分钟`);

export type SessionState = 'active' | 'idle' | 'unknown';

/**
 * When each dashboard session was last used, by its web chat (`web:<sid>`). The cookie and the chat's binding are
 * the web chat's and keep their 30 days; this only decides whether that binding still opens the dashboard. Kept in
 * memory: after a restart every official signs in to the dashboard once more, and a binding made in the web chat
 * alone never opens the dashboard without a dashboard login.
 */
export class IdleSessions {
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    readonly idleMs = DASHBOARD_IDLE_MS,
  ) {}

  /** A dashboard login on this chat. Also forgets sessions long idle, so the map holds recent ones only. */
  start(chat: string): void {
    const now = this.clock.now().getTime();
    for (const [k, at] of this.lastSeen) if (now - at >= this.idleMs) this.lastSeen.delete(k);
    this.lastSeen.set(chat, now);
  }

  /** A dashboard request: refreshes an active session; an idle one ends here and is `idle` once, then `unknown`. */
  touch(chat: string): SessionState {
    const last = this.lastSeen.get(chat);
    if (last === undefined) return 'unknown';
    const now = this.clock.now().getTime();
    if (now - last >= this.idleMs) {
      this.lastSeen.delete(chat);
      return 'idle';
    }
    this.lastSeen.set(chat, now);
    return 'active';
  }

  end(chat: string): void {
    this.lastSeen.delete(chat);
  }
}
