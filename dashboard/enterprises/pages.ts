import { html } from 'hono/html';
import { isCountyLevel, riskLevels } from '../../domain/index.js';
import type { Actor, Enterprise, Town } from '../../domain/index.js';
import type { RatingChange } from '../../domain/dashboard.js';
import { dateTime } from '../dates.js';
import { options, type Html } from '../html/layout.js';
import { enterpriseStatusLabels, flagLabels, riskLabels, supervisionLevelLabels } from '../labels.js';
import { to, withQuery } from '../paths.js';
import type { ImportReport } from './import.js';

export const enterpriseLink = (e: Pick<Enterprise, 'id'>) => to(`/enterprises/${encodeURIComponent(e.id)}`);
const riskBadge = (r: Enterprise['riskLevel']) => html`<span class="badge risk-${r}">${riskLabels[r]}</span>`;

export interface EnterpriseQuery {
  town?: string;
  risk?: string;
  q?: string;
}

export function enterpriseListPage(args: { query: EnterpriseQuery; actor: Actor; towns: Town[]; items: Enterprise[]; next?: string }): Html {
  const { query, towns } = args;
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  return html`<form method="get" action="${to('/enterprises')}" class="filters">
      ${isCountyLevel(args.actor) ? html`<label>镇（乡）<select name="town">${options(towns.map((t) => t.id), (id) => townName.get(id) ?? id, query.town, '全部')}</select></label>` : ''}
      <label>风险等级<select name="risk">${options(riskLevels, (r) => riskLabels[r], query.risk, '全部')}</select></label>
      <label>名称<input name="q" value="${query.q ?? ''}" maxlength="100" placeholder="名称或简称"></label>
      <button type="submit">筛选</button>
    </form>
    <p class="toolbar">
      <a class="button" href="${to('/enterprises/new')}">登记企业</a>
      <a class="button" href="${to('/enterprises/import')}">导入台账（Excel）</a>
      <a class="button" href="${withQuery('/enterprises/export.xlsx', { town: query.town, risk: query.risk })}">导出台账</a>
      <a href="${to('/enterprises/template.xlsx')}">下载台账模板</a>
    </p>
    ${args.items.length === 0
      ? html`<p class="empty">没有符合条件的企业。</p>`
      : html`<table class="list">
      <thead><tr><th>企业名称</th><th>统一社会信用代码</th><th>镇（乡）</th><th>行业</th><th>规上</th><th>风险等级</th><th>监管层级</th><th>重点领域</th><th>状态</th></tr></thead>
      <tbody>${args.items.map(
        (e) => html`<tr>
          <td><a href="${enterpriseLink(e)}">${e.name}</a></td><td>${e.creditCode ?? ''}</td><td>${townName.get(e.townId) ?? e.townId}</td>
          <td>${e.industry}</td><td>${e.aboveScale ? '是' : '否'}</td><td>${riskBadge(e.riskLevel)}</td>
          <td>${supervisionLevelLabels[e.supervisionLevel]}</td><td>${e.flags.map((f) => flagLabels[f]).join('、')}</td>
          <td>${enterpriseStatusLabels[e.status]}</td>
        </tr>`,
      )}</tbody></table>`}
    ${args.next ? html`<p><a class="button" href="${withQuery('/enterprises', { ...query, after: args.next })}">下一页</a></p>` : ''}`;
}

export function ratingHistory(changes: RatingChange[]): Html {
  if (changes.length === 0) return html`<p class="muted">暂无记录。</p>`;
  const via = { create: '登记', edit: '调整', import: '台账导入' };
  return html`<table class="list">
    <thead><tr><th>时间</th><th>风险等级</th><th>监管层级</th><th>方式</th><th>操作人</th><th>理由</th></tr></thead>
    <tbody>${[...changes].reverse().map(
      (r) => html`<tr><td>${dateTime(r.at)}</td><td>${riskBadge(r.riskLevel)}</td><td>${supervisionLevelLabels[r.supervisionLevel]}</td>
        <td>${via[r.via]}</td><td>${r.actorName}</td><td>${r.note ?? ''}</td></tr>`,
    )}</tbody></table>`;
}

export function importForm(actor: Actor, towns: Town[], csrf: Html): Html {
  return html`<form method="post" action="${to('/enterprises/import')}" enctype="multipart/form-data" class="card narrow">
    ${csrf}
    <p>上传各镇（乡）《企业基本信息台账》（.xlsx）。系统逐行校验，<strong>确认前不会写入任何数据</strong>。</p>
    ${isCountyLevel(actor)
      ? html`<label>表格未填镇（乡）时归属<select name="townId">${options(towns.map((t) => t.id), (id) => towns.find((t) => t.id === id)?.name ?? id, undefined, '（表格中须填写）')}</select></label>`
      : ''}
    <label>台账文件<input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></label>
    <button type="submit">上传并校验</button>
    <p class="hint"><a href="${to('/enterprises/template.xlsx')}">下载台账模板</a>（含下拉选项和填写说明）</p>
  </form>`;
}

export function importReportPage(args: { report: ImportReport; fileName: string; pendingId?: string; csrf: Html }): Html {
  const { report } = args;
  const valid = report.rows.filter((r) => r.enterprise).length;
  const invalid = report.rows.length - valid;
  const summary = html`<p class="summary">文件“${args.fileName}”：共 ${report.rows.length} 行，<span class="ok">有效 ${valid} 行</span>，<span class="${invalid ? 'error' : ''}">有误 ${invalid} 行</span>。</p>`;
  const confirm = args.pendingId && valid > 0
    ? html`<form method="post" action="${to(`/enterprises/import/${args.pendingId}`)}" class="inline">${args.csrf}
        <button type="submit" id="confirm-import">${invalid ? `仅导入 ${valid} 行有效数据` : `确认导入 ${valid} 家企业`}</button></form>
        <a href="${to('/enterprises/import')}">取消，修改后重新上传</a>`
    : html`<a class="button" href="${to('/enterprises/import')}">重新上传</a>`;
  return html`${report.fileErrors.map((e) => html`<p class="error">${e}</p>`)}
    ${report.warnings.map((w) => html`<p class="warning">${w}</p>`)}
    ${report.rows.length ? summary : ''}
    ${invalid && args.pendingId ? html`<p class="warning">表格中有错误行。不确认则不会导入任何数据；确认后仅导入有效行，错误行请修改后另行导入。</p>` : ''}
    <p class="toolbar">${confirm}</p>
    ${report.rows.length
      ? html`<table class="list import-report">
      <thead><tr><th>行号</th><th>企业名称</th><th>校验结果</th></tr></thead>
      <tbody>${report.rows.map(
        (r) => html`<tr class="${r.enterprise ? 'valid' : 'invalid'}"><td>${r.line}</td><td>${r.name}</td>
          <td>${r.enterprise ? html`<span class="ok">✓ 可导入</span>` : html`<ul class="errors">${r.errors.map((e) => html`<li>${e}</li>`)}</ul>`}
          ${r.warnings.length ? html`<ul class="warnings">${r.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}</td></tr>`,
      )}${report.skipped.map((s) => html`<tr class="skipped"><td>${s.line}</td><td></td><td>${s.reason}</td></tr>`)}</tbody></table>`
      : ''}`;
}

export function importResultPage(results: { line: number; name: string; error?: string }[]): Html {
  const done = results.filter((r) => !r.error).length;
  return html`<p class="summary ok">已导入 ${done} 家企业。</p>
    ${results.some((r) => r.error)
      ? html`<p class="error">以下行在导入时被他人抢先登记，未导入：</p><ul>${results.filter((r) => r.error).map((r) => html`<li>第${r.line}行 ${r.name}：${r.error}</li>`)}</ul>`
      : ''}
    <p><a class="button" href="${to('/enterprises')}">返回企业台账</a></p>`;
}
