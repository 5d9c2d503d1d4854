import { Hono } from 'hono';
import { html } from 'hono/html';
import { caseActions, DomainError, isCountyLevel } from '../../domain/index.js';
import { dateTime } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { page } from '../html/layout.js';
import { actionLabel, roleLabel } from '../labels.js';
import { withQuery } from '../paths.js';

const fixed: Record<string, string> = {
  login: '登录',
  logout: '退出',
  'password.change': '修改密码',
  'case.export': '导出案件',
  'tip.reward': '核定举报奖励',
  'enterprise.create': '登记企业',
  'enterprise.update': '修改企业信息',
  'enterprise.import': '导入企业台账',
  'enterprise.export': '导出企业台账',
  'report.download': '下载月度通报',
};

/** What an audit code means to a reader; case transitions use the workflow's own action names. */
function auditActionLabel(code: string): string {
  const action = code.startsWith('case.') ? caseActions.find((a) => `case.${a}` === code) : undefined;
  return action ? `案件·${actionLabel(action)}` : (fixed[code] ?? code);
}

/** The audit log, for the county bureau: every official action with who, when and from which address. */
export function auditRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  app.get('/', async (c) => {
    if (!isCountyLevel(c.var.official.actor)) throw new DomainError('FORBIDDEN', 'audit log is for the county bureau');
    const actorId = c.req.query('actor') || undefined;
    const target = c.req.query('target') || undefined;
    const list = await deps.stores.audit.list({ actorId, target }, { limit: 100, after: c.req.query('after') || undefined });
    return page(
      c,
      '操作日志',
      html`${actorId || target ? html`<p><a href="${withQuery('/audit', {})}">显示全部</a></p>` : ''}
      <table class="list audit">
        <thead><tr><th>时间</th><th>人员</th><th>操作</th><th>对象</th><th>详情</th><th>来源地址</th></tr></thead>
        <tbody>${list.items.map(
          (e) => html`<tr>
            <td>${dateTime(e.at)}</td>
            <td><a href="${withQuery('/audit', { actor: e.actorId })}">${e.actorName}</a><br><small>${roleLabel(e.actorRole)}</small></td>
            <td title="${e.action}">${auditActionLabel(e.action)}</td>
            <td>${e.target ? html`<a href="${withQuery('/audit', { target: e.target })}">${e.target}</a>` : ''}</td>
            <td>${e.detail ?? ''}</td>
            <td>${e.address ?? ''}${e.forwardedFor ? html`<br><small>转发：${e.forwardedFor}</small>` : ''}</td>
          </tr>`,
        )}</tbody>
      </table>
      ${list.next ? html`<p><a class="button" href="${withQuery('/audit', { actor: actorId, target, after: list.next })}">更早的记录</a></p>` : ''}`,
    );
  });
  return app;
}
