import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isCountyLevel } from '../../domain/index.js';
import { roleLabel } from '../labels.js';
import type { DashEnv } from '../deps.js';
import { to } from '../paths.js';

/** Everything a page renders goes through hono's `html` template, which escapes every interpolated value. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

interface PageOptions {
  status?: ContentfulStatusCode;
  notice?: string;
  error?: string;
  /** A poster or a printable report: no navigation chrome. */
  bare?: boolean;
}

export const csrfField = (c: Context<DashEnv>): Html => html`<input type="hidden" name="_csrf" value="${c.get('csrfToken')}">`;

function nav(c: Context<DashEnv>): Html {
  const o = c.var.official;
  if (!o) return html``;
  const links: [string, string][] = [
    ['', '首页'],
    ['/cases', '隐患案件'],
    ['/enterprises', '企业台账'],
    ['/experts', '专家服务'],
    ['/stats', '统计分析'],
    ['/posters', '举报二维码'],
  ];
  links.push(['/tips', '电话信箱举报']);
  if (o.actor.role === 'admin') links.push(['/devices', 'AI预警设备']);
  if (isCountyLevel(o.actor)) links.push(['/audit', '操作日志']);
  const here = c.req.path;
  return html`<nav>
    ${links.map(([p, label]) => {
      const current = p === '' ? here === to() : here.startsWith(to(p));
      return html`<a href="${to(p)}"${current ? html` aria-current="page"` : ''}>${label}</a>`;
    })}
    <span class="who">${o.identity.displayName}（${roleLabel(o.identity.role)}）</span>
    <form method="post" action="${to('/logout')}" class="inline">${csrfField(c)}<button type="submit" class="link">退出</button></form>
  </nav>`;
}

export function page(c: Context<DashEnv>, title: string, body: Html, opts: PageOptions = {}) {
  return c.html(
    html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 泽州县应急管理局</title>
<link rel="stylesheet" href="${to('/assets/dashboard.css')}">
<script src="${to('/assets/dashboard.js')}" defer></script>
</head>
<body${opts.bare ? html` class="bare"` : ''}>
${opts.bare ? '' : html`<header><a class="brand" href="${to()}">泽州县应急管理局 · 安全生产监管平台</a>${nav(c)}</header>`}
<main>
${opts.bare ? '' : html`<h1>${title}</h1>`}
${opts.notice ? html`<p class="notice" role="status">${opts.notice}</p>` : ''}
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
${body}
</main>
</body>
</html>`,
    opts.status ?? 200,
  );
}

export function options<T extends string>(values: readonly T[], label: (v: T) => string, selected: string | undefined, empty?: string): Html {
  return html`${empty !== undefined ? html`<option value="">${empty}</option>` : ''}${values.map(
    (v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${label(v)}</option>`,
  )}`;
}
