import { html } from 'hono/html';
import { UNDELIVERABLE_MARK, isUndeliverableRecord, type DeliveryLog } from '../../domain/reminders.js';
import { dateTime } from '../dates.js';
import type { Html } from '../html/layout.js';

/** A chat reference as officials read it: the channel, then the id. */
function channelOf(target: string): string {
  const prefix = target.slice(0, target.indexOf(':'));
  const names: Record<string, string> = {
    tg: 'Telegram',
    wecom: '企业微信应用',
    wecombot: '企业微信机器人',
    wecomgroup: '企业微信群（机器人）',
    wecomapp: '企业微信应用群聊',
    wecomhook: '企业微信群机器人',
    web: '网页',
  };
  return `${names[prefix] ?? prefix} ${target.slice(prefix.length + 1)}`;
}

/**
 * Reminders of this case that no channel could deliver (bot blocked, member not found, untrusted IP, …):
 * recorded once by jobs/delivery.ts and not retried, so someone has to reach these people another way.
 */
export async function undeliveredBlock(deliveries: Pick<DeliveryLog, 'list'>, caseId: string): Promise<Html | undefined> {
  const failed = (await deliveries.list({ subject: `case:${caseId}` })).filter(isUndeliverableRecord);
  if (failed.length === 0) return undefined;
  return html`<section class="card warn">
    <h2>未送达的提醒（${failed.length}）</h2>
    <p class="hint">以下提醒因平台拒收（如已屏蔽机器人、成员不存在、IP 未列入可信）未能送达，系统不再重试，请通过电话等方式联系。</p>
    <table>
      <thead><tr><th>接收方</th><th>提醒</th><th>时间</th><th>原因</th></tr></thead>
      <tbody>${failed.map(
        (r) => html`<tr><td>${channelOf(r.target)}</td><td>${r.rung}</td><td>${dateTime(r.claimedAt)}</td><td>${(r.lastError ?? '').slice(UNDELIVERABLE_MARK.length)}</td></tr>`,
      )}</tbody>
    </table>
  </section>`;
}
