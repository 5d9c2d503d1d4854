import type { DashboardSessionRepo } from '../../domain/dashboard.js';
import type { Clock } from '../../domain/index.js';

/** An official's dashboard session ends after this long without a dashboard request. */
export const DASHBOARD_IDLE_MS = 2 * 60 * 60_000;

/** 2小时 / 90分钟: how the login page names the idle limit. */
export const idleSpan = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}小时` : `${Math.max(1, Math.round(ms / 60_000))}分钟`);

export type SessionState = 'active' | 'idle' | 'unknown';

/** A request refreshes the stored time at most this often: one write a minute per official, not one per click. */
const REFRESH_MS = 60_000;

/**
 * When each dashboard session was last used, by its web chat (`web:<sid>`), kept in the store: every replica
 * sees the same sessions and a restart signs nobody out. The cookie and the chat's binding are the web chat's
 * and keep their 30 days; this only decides whether that binding still opens the dashboard, so a binding made
 * in the web chat alone never opens the dashboard without a dashboard login.
 */
export class IdleSessions {
  constructor(
    private readonly repo: DashboardSessionRepo,
    private readonly clock: Clock,
    readonly idleMs = DASHBOARD_IDLE_MS,
  ) {}

  /** A dashboard login on this chat. Also forgets sessions long idle, so the store holds recent ones only. */
  async start(chat: string): Promise<void> {
    const now = this.clock.now();
    await this.repo.prune(new Date(now.getTime() - this.idleMs));
    await this.repo.seen(chat, now);
  }

  /** A dashboard request: refreshes an active session; an idle one ends here and is `idle` once, then `unknown`. */
  async touch(chat: string): Promise<SessionState> {
    const last = await this.repo.lastSeen(chat);
    if (!last) return 'unknown';
    const now = this.clock.now();
    const quiet = now.getTime() - last.getTime();
    if (quiet >= this.idleMs) {
      await this.repo.end(chat);
      return 'idle';
    }
    if (quiet >= REFRESH_MS) await this.repo.seen(chat, now);
    return 'active';
  }

  async end(chat: string): Promise<void> {
    await this.repo.end(chat);
  }
}
