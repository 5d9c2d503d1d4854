import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { MAX_PHOTOS } from '../../../domain/index.js';
import { RECEIPT_SESSION_MINUTES, type TipStatusView } from '../../../handlers/tips/index.js';
import { formatDateTime } from '../../../handlers/format.js';
import { translator } from '../../../locales/index.js';
import { H5_BASE } from './paths.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const t = translator('zh-CN');

/** Mobile-first, no script at all: the form works on any phone browser that can post a form. */
export function h5Page(title: string, body: Html, error?: string): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · 泽州县应急管理局</title>
<link rel="stylesheet" href="${H5_BASE}/h5.css">
</head>
<body>
<header><span>泽州县应急管理局</span><strong>${title}</strong></header>
<main>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${body}
</main>
<footer>安全生产举报 · 不收集身份信息</footer>
</body>
</html>`;
}

export interface TipDraft {
  description?: string;
  enterprise?: string;
  /** The poster's town: shown, and sent along so the case goes to that town's centre. */
  townId?: string;
  townName?: string;
  /** Sent back with the form: the same form twice files one tip. */
  formToken: string;
}

export function tipForm(d: TipDraft): Html {
  return html`<ul class="promise">
      <li>匿名举报：不需要登录，不保存您的姓名、电话、账号或网络地址；</li>
      <li>照片会去除拍摄设备、时间和位置等信息后再保存；</li>
      <li>提交后获得<strong>举报码</strong>，凭举报码和您设置的<strong>举报密码</strong>查询进度、申领奖励；</li>
      <li>请不要在描述中写入能识别您本人的信息。</li>
    </ul>
    <form method="post" action="${H5_BASE}" enctype="multipart/form-data">
      <input type="hidden" name="form_token" value="${d.formToken}">
      ${d.townName ? html`<p class="context">举报地点：${d.townName}</p><input type="hidden" name="town" value="${d.townId ?? ''}">` : ''}
      <label>隐患情况<span class="req">必填</span>
        <textarea name="description" rows="6" minlength="5" maxlength="2000" required placeholder="在什么地方、哪个设备或场所、存在什么问题">${d.description ?? ''}</textarea></label>
      <label>被举报企业（可选）<input name="enterprise" maxlength="100" value="${d.enterprise ?? ''}" placeholder="企业名称或简称"></label>
      <label>现场照片（可选，最多${MAX_PHOTOS}张）<input type="file" name="photos" accept="image/*" multiple></label>
      <fieldset>
        <legend>设置举报密码</legend>
        <p class="hint">${t('tip.askPin')}</p>
        <label>举报密码<input type="password" name="pin" autocomplete="new-password" minlength="6" maxlength="20" pattern="[A-Za-z0-9]{6,20}" required></label>
        <label>再输入一次<input type="password" name="pin2" autocomplete="new-password" minlength="6" maxlength="20" required></label>
      </fieldset>
      <button type="submit">提交举报</button>
    </form>
    <p class="links"><a href="${H5_BASE}/status">已举报？查询处理进度</a></p>`;
}

export function receiptPage(receiptCode: string, caseNumber: string, notice?: string): Html {
  return html`<section class="receipt">
      ${notice ? html`<p class="notice">${notice}</p>` : ''}
      <p>举报已提交，案件编号 <strong>${caseNumber}</strong>。感谢您的举报！</p>
      <p>您的举报码：</p>
      <p class="code" id="receipt-code">${receiptCode}</p>
      <p class="warn">请立即截图或抄写保存举报码（只显示这一次）。举报码和您刚才设置的举报密码是查询进度、申领奖励的唯一凭证，系统无法找回。</p>
    </section>
    <p class="links"><a href="${H5_BASE}/status">查询处理进度</a> · <a href="${H5_BASE}">再次举报</a></p>`;
}

export function statusForm(code = ''): Html {
  return html`<form method="post" action="${H5_BASE}/status">
      <label>举报码<input name="code" value="${code}" maxlength="20" autocomplete="off" autocapitalize="characters" placeholder="XXXX-XXXX-XXXX" required></label>
      <label>举报密码<input type="password" name="pin" maxlength="20" autocomplete="current-password" required></label>
      <button type="submit">查询</button>
    </form>
    <p class="links"><a href="${H5_BASE}">我要举报</a></p>`;
}

export function statusResult(v: TipStatusView): Html {
  return html`<section class="receipt">
      <h2>${t('tip.statusTitle', { number: v.caseNumber })}</h2>
      <p>${t('tip.statusLine', { status: t(`status.${v.status}`), at: formatDateTime(v.updatedAt, 'zh-CN') })}</p>
      ${v.rejectReason ? html`<p>${t('case.rejectReason', { reason: v.rejectReason })}</p>` : ''}
      <p>${t('tip.rewardLine', { reward: t(`tip.reward.${v.reward}`) })}</p>
      ${v.photos ? html`<div class="photos">${v.photos.ids.map((id, i) => html`<img src="/media/${encodeURIComponent(id)}" alt="${t('tip.ownPhoto', { n: i + 1 })}">`)}</div>
      <p class="hint">${t('tip.ownPhotosHint', { minutes: RECEIPT_SESSION_MINUTES })}</p>` : ''}
    </section>
    <p class="links"><a href="${H5_BASE}/status">查询其他举报</a> · <a href="${H5_BASE}">我要举报</a></p>`;
}
