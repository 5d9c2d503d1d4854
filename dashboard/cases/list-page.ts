import { html } from 'hono/html';
import { caseSources, caseStatuses, isCountyLevel, isOverdue, severities } from '../../domain/index.js';
import type { Actor, Case, Town } from '../../domain/index.js';
import { truncate } from '../../handlers/format.js';
import { day } from '../dates.js';
import { options, type Html } from '../html/layout.js';
import { severityLabel, sourceLabel, statusLabel } from '../labels.js';
import { to, withQuery } from '../paths.js';
import type { CaseQuery } from './filter.js';

export const caseLink = (c: Pick<Case, 'number'>): string => to(`/cases/${encodeURIComponent(c.number)}`);

export function statusBadges(c: Case, now: Date): Html {
  return html`<span class="badge status-${c.status}">${statusLabel(c.status)}</span>${
    c.severity === 'major' ? html` <span class="badge major">重大</span>` : ''
  }${isOverdue(c, now) ? html` <span class="badge overdue">逾期</span>` : ''}`;
}

function caseFilterForm(q: CaseQuery, actor: Actor, towns: Town[]): Html {
  const statusValues = ['open', ...caseStatuses] as const;
  return html`<form method="get" action="${to('/cases')}" class="filters">
    ${isCountyLevel(actor)
      ? html`<label>镇（乡）<select name="town">${options(towns.map((t) => t.id), (id) => towns.find((t) => t.id === id)?.name ?? id, q.town, '全部')}</select></label>`
      : ''}
    <label>状态<select name="status">${options(statusValues, (s) => (s === 'open' ? '未销号（全部在办）' : statusLabel(s)), q.status, '全部')}</select></label>
    <label>等级<select name="severity">${options(severities, severityLabel, q.severity, '全部')}</select></label>
    <label>来源<select name="source">${options(caseSources, sourceLabel, q.source, '全部')}</select></label>
    <label>企业<input name="enterprise" value="${q.enterprise ?? ''}" placeholder="名称或简称" maxlength="100"></label>
    <label>上报日期<input type="date" name="from" value="${q.from ?? ''}"> 至 <input type="date" name="to" value="${q.to ?? ''}"></label>
    <label class="check"><input type="checkbox" name="overdue" value="1"${q.overdue ? html` checked` : ''}> 仅逾期</label>
    <button type="submit">筛选</button>
    <a href="${to('/cases')}">清除</a>
  </form>`;
}

export function caseTable(cases: Case[], towns: Map<string, string>, now: Date): Html {
  if (cases.length === 0) return html`<p class="empty">没有符合条件的案件。</p>`;
  return html`<table class="list">
    <thead><tr><th>编号</th><th>上报日期</th><th>镇（乡）</th><th>企业</th><th>隐患描述</th><th>来源</th><th>状态</th><th>整改期限</th></tr></thead>
    <tbody>${cases.map(
      (c) => html`<tr${isOverdue(c, now) ? html` class="overdue"` : ''}>
        <td><a href="${caseLink(c)}">${c.number}</a></td>
        <td>${day(c.createdAt)}</td>
        <td>${c.townId ? (towns.get(c.townId) ?? c.townId) : html`<span class="muted">待指派</span>`}</td>
        <td>${c.enterpriseName ?? ''}</td>
        <td>${truncate(c.description, 40)}</td>
        <td>${sourceLabel(c.source)}</td>
        <td>${statusBadges(c, now)}</td>
        <td>${day(c.deadline)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export function caseListPage(args: {
  q: CaseQuery;
  actor: Actor;
  towns: Town[];
  cases: Case[];
  total: number;
  next?: string;
  now: Date;
  enterpriseMissing: boolean;
}): Html {
  const { q, next } = args;
  const townNames = new Map(args.towns.map((t) => [t.id, t.name]));
  return html`${caseFilterForm(q, args.actor, args.towns)}
    ${args.enterpriseMissing ? html`<p class="error">没有找到名称包含“${q.enterprise}”的登记企业。</p>` : ''}
    <p class="toolbar">共 ${args.total} 件 <a class="button" href="${withQuery('/cases/export.xlsx', { ...q })}">导出Excel</a></p>
    ${caseTable(args.cases, townNames, args.now)}
    ${next ? html`<p><a class="button" href="${withQuery('/cases', { ...q, after: next })}">下一页</a></p>` : ''}`;
}
