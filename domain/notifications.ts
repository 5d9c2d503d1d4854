import type { ChatRef } from './messages.js';
import type { NotifyPrefs } from './notify-prefs.js';
import type { Page, PageRequest } from './ports.js';

export type { NotifyPrefs } from './notify-prefs.js';

/**
 * Personal notifications: every official hears of new work in their scope on every chat they are bound
 * to, and finds it again in their inbox (dashboard badge). Ports implemented by stores/sqlite/notifications
 * and stores/mongo/notifications, verified by tests/contract/notifications.contract.ts.
 */
export const notificationKinds = ['new_case', 'new_tip', 'escalation', 'deadline', 'task', 'extension', 'notice_acknowledged', 'review_requested', 'expert_service'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface Notification {
  id: string;
  identityId: string;
  kind: NotificationKind;
  /** Already localized for the person: what they read in the inbox and in a chat. */
  text: string;
  caseNumber?: string;
  urgent: boolean;
  createdAt: Date;
  /** When it went to the person's chats (absent while held by quiet hours or for the digest). */
  pushedAt?: Date;
  readAt?: Date;
}

export interface NotificationRepo {
  /** DUPLICATE when the id exists (ids are derived from the event, so a retried event is stored once). */
  insert(n: Notification): Promise<void>;
  /** Newest first. */
  list(identityId: string, page: PageRequest): Promise<Page<Notification>>;
  unreadCount(identityId: string): Promise<number>;
  markRead(identityId: string, ids: string[] | 'all', now: Date): Promise<number>;
  /** Not yet pushed, oldest first (quiet hours ended, digest time). */
  unpushed(identityId: string): Promise<Notification[]>;
  /** Marks pushed; false when someone else did first (exactly one sender wins). */
  markPushed(id: string, now: Date): Promise<boolean>;
}

/** Where a notification may go: the person's bound chats. */
export interface NotifyTarget {
  identityId: string;
  chats: ChatRef[];
  prefs?: NotifyPrefs;
}

/** Minutes of the day in Asia/Shanghai. */
export const shanghaiMinutes = (d: Date): number => Math.floor(((d.getTime() + 8 * 3600_000) % 86_400_000) / 60_000);

export function inQuietHours(prefs: NotifyPrefs | undefined, now: Date): boolean {
  const q = prefs?.quietHours;
  if (!q || q.from === q.to) return false;
  const m = shanghaiMinutes(now);
  return q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;
}

/** Push now, hold for the end of quiet hours, or keep for the daily digest. Urgent items always go now. */
export function pushDecision(prefs: NotifyPrefs | undefined, urgent: boolean, now: Date): 'now' | 'quiet' | 'digest' {
  if (urgent) return 'now';
  if (prefs?.digest) return 'digest';
  return inQuietHours(prefs, now) ? 'quiet' : 'now';
}

/** The instant quiet hours end after `now` (Shanghai local `to` minute). */
export function quietEnd(prefs: NotifyPrefs, now: Date): Date {
  const q = prefs.quietHours!;
  const dayStart = now.getTime() - shanghaiMinutes(now) * 60_000 - (now.getTime() % 60_000);
  let at = dayStart + q.to * 60_000;
  if (at <= now.getTime()) at += 86_400_000;
  return new Date(at);
}
