import { html } from 'hono/html';
import { caseStatuses, isCountyLevel } from '../../domain/index.js';
import type { Actor, Town } from '../../domain/index.js';
import { options, type Html } from '../html/layout.js';
import { severityLabel, statusLabel } from '../labels.js';
import { to, withQuery } from '../paths.js';
import { horizontalBars, monthColumns, type Bar } from './charts.js';
import { days, percent, type CaseStats } from './compute.js';

export interface StatsQuery {
  from: string;
  to: string;
  town?: string;
  reportMonth: string;
  /** The last finished quarter, e.g. 2026-Q3. */
  hazardPeriod: string;
}

/** Towns ranked, the way a 通报 reads: the most first. */
const byValue = (bars: Bar[]) => [...bars].sort((a, b) => b.value - a.value);

const card = (label: string, value: string | number, cls = '') => html`<div class="stat ${cls}"><span>${label}</span><strong>${value}</strong></div>`;

export function statsPage(s: CaseStats, q: StatsQuery, actor: Actor, towns: Town[]): Html {
  const county = isCountyLevel(actor);
  return html`<form method="get" action="${to('/stats')}" class="filters">
      <label>上报月份<input type="month" name="from" value="${q.from}" required> 至 <input type="month" name="to" value="${q.to}" required></label>
      ${county ? html`<label>镇（乡）<select name="town">${options(towns.map((t) => t.id), (id) => towns.find((t) => t.id === id)?.name ?? id, q.town, '全县')}</select></label>` : ''}
      <button type="submit">统计</button>
    </form>
    ${county
      ? html`<form method="get" action="${to('/stats/report.xlsx')}" class="card inline-form">
          <strong>月度通报</strong>
          <label>月份<input type="month" name="month" value="${q.reportMonth}" required></label>
          <button type="submit">下载通报（Excel）</button>
        </form>`
      : ''}
    <form method="get" action="${to('/stats/hazards.xlsx')}" class="card inline-form">
      <strong>隐患排查治理统计（16号令）</strong>
      <label>期间<input name="period" value="${q.hazardPeriod}" pattern="\\d{4}(-[Qq][1-4])?" required title="季度如 2026-Q3，年度如 2026"></label>
      <button type="submit">下载统计表（Excel）</button>
    </form>
    <div class="stats">
      ${card('上报隐患', s.total)}${card('在办', s.open)}${card('已销号', s.closed)}
      ${card('当前逾期', s.overdue, s.overdue ? 'alert' : '')}
      ${card('逾期率', percent(s.overdueRate))}
      ${card('平均销号用时（天）', days(s.avgDaysToClose))}${card('销号用时中位数（天）', days(s.medianDaysToClose))}
    </div>
    <p class="hint">逾期率：已定整改期限的隐患中，逾期未整改或超期销号的比例（${s.withDeadline}项已定期限）。</p>
    <div class="charts">
      ${monthColumns('按月上报与销号', s.byMonth)}
      ${county && !q.town ? horizontalBars('各镇（乡）上报数量', byValue(s.byTown.map((t) => ({ label: t.name, value: t.total })))) : ''}
      ${county && !q.town ? horizontalBars('各镇（乡）逾期未整改', byValue(s.byTown.map((t) => ({ label: t.name, value: t.overdue, colour: '#e65100' })))) : ''}
      ${horizontalBars('按状态', caseStatuses.map((st) => ({ label: statusLabel(st), value: s.byStatus[st], colour: '#546e7a' })))}
      ${horizontalBars('按等级', [
        { label: severityLabel('general'), value: s.bySeverity.general, colour: '#f9a825' },
        { label: severityLabel('major'), value: s.bySeverity.major },
        { label: '待评估', value: s.bySeverity.unassessed, colour: '#90a4ae' },
      ])}
      ${horizontalBars('按类别', s.byCategory.map((c) => ({ label: c.category, value: c.count, colour: '#00695c' })), { labelWidth: 130 })}
    </div>
    <table class="list">
      <thead><tr><th>镇（乡）</th><th>上报</th><th>在办</th><th>已销号</th><th>重大隐患</th><th>逾期未整改</th></tr></thead>
      <tbody>${s.byTown.map(
        (t) => html`<tr><td>${t.name}</td><td>${t.total}</td><td>${t.open}</td><td>${t.closed}</td><td>${t.major}</td>
          <td>${t.overdue ? html`<a href="${withQuery('/cases', { town: t.townId, overdue: '1' })}">${t.overdue}</a>` : 0}</td></tr>`,
      )}</tbody>
    </table>`;
}
