import { html } from 'hono/html';
import type { Notification } from '../../domain/index.js';
import { dateTime } from '../dates.js';
import type { Html } from '../html/layout.js';
import { to } from '../paths.js';

/** The badge over the case list: the official's unread personal notifications. */
export const inboxBadge = (unread: number): Html =>
  unread > 0 ? html`<p class="toolbar"><a class="button badge" href="${to('/cases/inbox')}">🔔 ${unread}条未读通知</a></p>` : html``;

/** The official's notifications, newest first (the same inbox as the chat's /inbox). */
export function inboxPage(items: Notification[]): Html {
  if (items.length === 0) return html`<p class="muted">暂无通知。</p>`;
  return html`<ol class="timeline">${items.map(
    (n) => html`<li${n.readAt ? '' : html` class="unread"`}><time>${dateTime(n.createdAt)}</time>
      ${n.caseNumber ? html`<a href="${to(`/cases/${encodeURIComponent(n.caseNumber)}`)}">${n.text}</a>` : n.text}</li>`,
  )}</ol>`;
}
