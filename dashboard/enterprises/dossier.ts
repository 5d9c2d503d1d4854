import { html } from 'hono/html';
import { openStatuses } from '../../domain/index.js';
import type { Case, Enterprise } from '../../domain/index.js';
import { dateTime, day } from '../dates.js';
import type { Html } from '../html/layout.js';
import { severityLabel, sourceLabel, statusLabel } from '../labels.js';
import { caseLink } from '../cases/list-page.js';

/**
 * 一企一档: the enterprise's details, its case and tip counts, every case, its 专家服务 findings and its
 * 挂牌督办 records (督办通知书 文号, 签收, 延期, 验收), on its page.
 */
export function enterpriseDossier(e: Enterprise, cases: Case[]): Html {
  const open = cases.filter((c) => openStatuses.includes(c.status));
  const tips = cases.filter((c) => c.source === 'anonymous_tip');
  const expert = cases.filter((c) => c.source === 'expert_service');
  const listed = cases.filter((c) => c.supervision);
  const row = (c: Case) => html`<tr><td><a href="${caseLink(c)}">${c.number}</a></td><td>${sourceLabel(c.source)}</td><td>${statusLabel(c.status)}</td>
    <td>${c.severity ? severityLabel(c.severity) : '待评估'}</td><td>${day(c.deadline) || '—'}</td><td>${dateTime(c.createdAt)}</td></tr>`;
  const table = (list: Case[]) =>
    list.length
      ? html`<table class="list"><thead><tr><th>案件编号</th><th>来源</th><th>状态</th><th>等级</th><th>整改期限</th><th>上报时间</th></tr></thead><tbody>${list.map(row)}</tbody></table>`
      : html`<p class="muted">无</p>`;
  return html`<section class="card dossier">
    <h2>一企一档</h2>
    <dl>
      <dt>法定代表人</dt><dd>${e.legalRep ?? '—'}</dd>
      <dt>安全负责人</dt><dd>${e.safetyManager ?? '—'}</dd>
      <dt>联系电话</dt><dd>${e.contactPhone ?? '—'}</dd>
      <dt>地址</dt><dd>${e.address ?? '—'}</dd>
      <dt>经纬度</dt><dd>${e.location ? `${e.location.lat}, ${e.location.lng}` : '—'}</dd>
      <dt>主要产品及工艺</dt><dd>${e.industryDetail ?? '—'}</dd>
      <dt>隐患案件</dt><dd>共 ${cases.length} 件，未销号 ${open.length} 件</dd>
      <dt>匿名举报</dt><dd>${tips.length} 件</dd>
      <dt>专家服务发现</dt><dd>${expert.length} 件</dd>
      <dt>挂牌督办</dt><dd>${listed.length} 件</dd>
    </dl>
    <h3>挂牌督办记录</h3>
    ${listed.length
      ? html`<table class="list"><thead><tr><th>案件编号</th><th>挂牌日期</th><th>督办通知书</th><th>签收</th><th>延期</th><th>验收</th><th>状态</th></tr></thead><tbody>${listed.map(
          (c) => html`<tr><td><a href="${caseLink(c)}">${c.number}</a></td><td>${day(c.supervision!.listedAt)}</td><td>${c.notice?.docNumber ?? '—'}</td>
            <td>${c.notice?.acknowledgedAt ? day(c.notice.acknowledgedAt) : '—'}</td>
            <td>${(c.extensions ?? []).map((x) => `${day(x.deadline)}${x.decision === 'approved' ? '（同意）' : x.decision === 'refused' ? '（不同意）' : '（待审批）'}`).join('、') || '—'}</td>
            <td>${c.acceptance ? day(c.acceptance.at) : '—'}</td><td>${statusLabel(c.status)}</td></tr>`,
        )}</tbody></table>`
      : html`<p class="muted">无</p>`}
    <h3>专家服务</h3>
    ${table(expert)}
    <h3>全部案件</h3>
    ${table(cases)}
  </section>`;
}
