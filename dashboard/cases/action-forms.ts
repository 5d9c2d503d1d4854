import { html } from 'hono/html';
import { fiveImplementations, isCountyLevel, MAX_PHOTOS } from '../../domain/index.js';
import type { Actor, Case, CaseAction, Town } from '../../domain/index.js';
import { isoDay } from '../dates.js';
import { options, type Html } from '../html/layout.js';
import { actionLabel, hazardCategories, supervisionLabel } from '../labels.js';
import { caseLink } from './list-page.js';

type Action = Exclude<CaseAction, 'report'>;

const note = (label = '备注（可选）', required = false) =>
  html`<label>${label}<textarea name="note" maxlength="1000" rows="2"${required ? html` required` : ''}></textarea></label>`;
const reason = (label = '原因') => html`<label>${label}<textarea name="reason" maxlength="1000" rows="2" required></textarea></label>`;
const photos = (label: string) =>
  html`<label>${label}（最多${MAX_PHOTOS}张）<input type="file" name="photos" accept="image/*" multiple required></label>`;
const deadline = (now: Date) => html`<label>整改期限<input type="date" name="deadline" min="${isoDay(now)}" required></label>`;

/** The fields each action asks for; the domain still checks every rule when the form comes back. */
function fields(c: Case, action: Action, actor: Actor, towns: Town[], now: Date): Html {
  switch (action) {
    case 'register':
      return html`${isCountyLevel(actor)
        ? html`<label>属地镇（乡）<select name="townId" required>${options(towns.map((t) => t.id), (id) => towns.find((t) => t.id === id)?.name ?? id, c.townId, '请选择')}</select></label>`
        : ''}${note()}`;
    case 'reject':
    case 'send_back':
      return reason();
    case 'assess':
      return html`<fieldset><legend>隐患等级</legend>
          <label class="check"><input type="radio" name="severity" value="general" required> 一般隐患</label>
          <label class="check"><input type="radio" name="severity" value="major"> 重大隐患（挂牌督办）</label></fieldset>
        ${deadline(now)}
        <label>隐患类别<select name="category">${options(hazardCategories, (x) => x, c.category, '未分类')}</select></label>
        ${note()}`;
    case 'request_review':
      return html`${photos('整改后照片')}${note()}`;
    case 'dispute':
      return html`${photos('能说明问题仍存在的新照片')}${note('异议理由', true)}`;
    case 'extend_deadline':
      return html`${deadline(now)}${reason('调整原因')}`;
    case 'update_supervision': {
      const s = c.supervision;
      return html`${fiveImplementations.map(
        (f) => html`<label>${supervisionLabel(f)}<textarea name="${f}" maxlength="500" rows="2">${s?.[f] ?? ''}</textarea></label>`,
      )}<label class="check"><input type="checkbox" name="filed" value="1"${s?.filed ? html` checked` : ''}> ${supervisionLabel('filed')}</label>`;
    }
    case 'approve':
      return note('复核意见（必填）', true);
    case 'start_rectification':
    case 'escalate':
    case 'confirm_cleared':
      return note();
  }
}

const multipart = new Set<Action>(['request_review', 'dispute']);
/** Asked in the browser before these forms go (dashboard.js). */
const confirmText: Partial<Record<Action, string>> = {
  approve: '确认复核通过并销号？',
  send_back: '确认退回整改？',
  escalate: '确认升级为县局督办？',
};

/** `extra`: more forms for the same grid (the 挂牌督办 trail's, trail-forms.ts). */
export function actionForms(c: Case, actions: Action[], actor: Actor, towns: Town[], now: Date, csrf: Html, extra?: Html): Html {
  if (actions.length === 0 && !extra) return html`<p class="muted">当前状态下您没有可执行的操作。</p>`;
  return html`<div class="actions">${actions.map(
    (a) => html`<details class="card action"${actions.length === 1 ? html` open` : ''}>
      <summary>${actionLabel(a)}</summary>
      <form method="post" action="${caseLink(c)}/${a}"${multipart.has(a) ? html` enctype="multipart/form-data"` : ''}>
        ${csrf}<input type="hidden" name="version" value="${c.version}">
        ${fields(c, a, actor, towns, now)}
        <button type="submit" data-action="${a}"${confirmText[a] ? html` data-confirm="${confirmText[a]}"` : ''}>${actionLabel(a)}</button>
      </form>
    </details>`,
  )}${extra ?? ''}</div>`;
}
