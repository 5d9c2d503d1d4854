import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { enterpriseLoop, keyEnterpriseLoops, type LoopView } from '../../handlers/experts/service.js';
import { translator } from '../../locales/index.js';
import { dateTime } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { page } from '../html/layout.js';
import { to } from '../paths.js';

const t = translator('zh-CN');
const stage = (v: LoopView) => t(`expert.stage.${v.stage}`);
const openCount = (v: LoopView) => v.findings.filter((f) => f.status !== 'closed' && f.status !== 'rejected').length;

/**
 * 重点企业专家服务 (read-only): each key enterprise's 帮扶—整改—复核—提升 stage for the county (every town) and a
 * town (its own); the steps themselves are the expert's, taken in the chat (/service).
 */
export function expertRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();

  app.get('/', async (c: Context<DashEnv>) => {
    const views = await keyEnterpriseLoops(deps.core, c.var.official.actor);
    const first = views[0];
    return page(
      c,
      '重点企业专家服务',
      html`<section class="card">
        ${first ? html`<p>${t('expert.title', { year: first.year, due: first.due, revisit: first.revisit })}</p>` : ''}
        ${views.length
          ? html`<table><thead><tr><th>企业</th><th>乡镇</th><th>专家</th><th>阶段</th><th>问题隐患</th><th>未销号</th><th>完成期限</th></tr></thead><tbody>${views.map(
              (v) => html`<tr><td><a href="${to(`/experts/${encodeURIComponent(v.enterprise.id)}`)}">${v.enterprise.name}</a></td><td>${v.townName}</td>
                <td>${v.experts.map((x) => x.displayName).join('、') || '—'}</td><td>${stage(v)}</td><td>${v.findings.length}</td><td>${openCount(v)}</td>
                <td>${v.due}${v.overdue ? html` <strong class="error">已逾期</strong>` : ''}</td></tr>`,
            )}</tbody></table>`
          : html`<p class="muted">${t('expert.none')}</p>`}
      </section>`,
    );
  });

  app.get('/:enterpriseId', async (c: Context<DashEnv>) => {
    const v = await enterpriseLoop(deps.core, c.var.official.actor, c.req.param('enterpriseId') ?? '');
    const entry = (label: string, e: { at: Date; by: string; byName?: string; text: string }) =>
      html`<li><strong>${label}</strong> ${dateTime(e.at)} ${e.byName ?? e.by}：${e.text}</li>`;
    return page(
      c,
      `${v.enterprise.name} · 专家服务`,
      html`<section class="card">
        <p>当前阶段：<strong>${stage(v)}</strong>${v.overdue ? html` <strong class="error">已逾期</strong>` : ''}；完成期限 ${v.due}；整改“回头看” ${v.revisit}</p>
        <p>专家：${v.experts.map((x) => x.displayName).join('、') || '—'}</p>
        <h2>办理记录</h2>
        <ul>
          ${(v.loop?.visits ?? []).map((e) => entry('帮扶', e))}
          ${v.loop?.review ? entry('复核', v.loop.review) : ''}
          ${v.loop?.improvement ? entry('提升', v.loop.improvement) : ''}
        </ul>
        ${v.loop ? '' : html`<p class="muted">专家尚未开展帮扶。</p>`}
        <h2>问题隐患（来源：专家服务）</h2>
        ${v.findings.length
          ? html`<ul>${v.findings.map((f) => html`<li><a href="${to(`/cases/${encodeURIComponent(f.number)}`)}">${f.number}</a> ${t(`status.${f.status}`)}</li>`)}</ul>`
          : html`<p class="muted">暂无。</p>`}
      </section>`,
    );
  });

  return app;
}
