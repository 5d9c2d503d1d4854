import { html } from 'hono/html';
import { availableTrailActions, isCountyLevel, isOfficial, MAX_PHOTOS, mayRecordReceipt } from '../../domain/index.js';
import type { Actor, Case } from '../../domain/index.js';
import { day, isoDay } from '../dates.js';
import type { Html } from '../html/layout.js';
import { gallery } from './detail-page.js';
import { caseLink } from './list-page.js';
import { translator, type MessageKey } from '../../locales/index.js';

const t = translator('zh-CN');

/**
 * The 挂牌督办 trail's forms on a case page: 下达督办通知书, 送达, 登记签收 (a paper 送达回证), 审批延期, 验收.
 * Only what the official may do now is offered; the domain checks every rule again when a form comes back.
 */
export const trailForms = ['issue_notice', 'serve_notice', 'record_receipt', 'decide_extension', 'record_acceptance'] as const;
export type TrailForm = (typeof trailForms)[number];
export const isTrailForm = (a: string): a is TrailForm => (trailForms as readonly string[]).includes(a);

/** What the official typed into a form the server refused: shown again, filled in, and open. */
export interface TypedForm {
  action: TrailForm;
  values: Record<string, string>;
}

export const trailLabels: Record<TrailForm, string> = {
  issue_notice: '下达督办通知书',
  serve_notice: '送达督办通知书',
  record_receipt: '登记企业签收（纸质送达回证）',
  decide_extension: '审批延期申请',
  record_acceptance: '验收',
};

/** Asked in the browser (dashboard.js) and, for browsers without it, by the required 确认 box. */
const confirmText: Record<TrailForm, string> = {
  issue_notice: '确认下达督办通知书？将占用下一个文号，下达后不能撤回。',
  serve_notice: '确认送达督办通知书？',
  record_receipt: '确认登记企业已签收？',
  decide_extension: '确认提交延期审批意见？审批后不能更改。',
  record_acceptance: '确认记录验收意见？',
};

const multipart = new Set<TrailForm>(['record_receipt', 'record_acceptance']);

export function offeredTrailForms(c: Case, actor: Actor): TrailForm[] {
  const open = availableTrailActions(c, actor);
  return trailForms.filter((f) => (f === 'record_receipt' ? mayRecordReceipt(c, actor) : (open as string[]).includes(f)));
}

/** Why a town official sees no 督办 forms on a 重大 case: said once rather than leaving them guessing. */
export function trailHint(c: Case, actor: Actor): Html | '' {
  if (!c.supervision || !isOfficial(actor) || isCountyLevel(actor) || c.status === 'closed' || c.status === 'rejected') return '';
  return html`<p class="muted">督办通知书的下达、送达、签收登记和验收由县局办理；延期申请由属地镇（乡）或县局审批。</p>`;
}

function fields(c: Case, form: TrailForm, v: Record<string, string>, boundChats: number, now: Date, retyped: boolean): Html {
  const again = retyped ? html`<p class="muted">出于浏览器安全限制，附件需要重新选择。</p>` : '';
  switch (form) {
    case 'issue_notice':
      return html`<p>将按文号规则取得下一个文号，生成《重大事故隐患挂牌督办通知书》（.docx），并记入案件。</p>`;
    case 'serve_notice':
      return html`<fieldset><legend>送达方式（可多选）</legend>
        <label class="check"><input type="checkbox" name="push" value="1"${boundChats === 0 ? html` disabled` : v.push === '1' || !retyped ? html` checked` : ''}>
          推送至企业安全负责人的聊天（已绑定 ${boundChats} 个）${boundChats === 0 ? '——企业负责人尚未绑定聊天，无法推送' : ''}</label>
        <label class="check"><input type="checkbox" name="in_person" value="1"${v.in_person === '1' || (boundChats === 0 && !retyped) ? html` checked` : ''}> 现场送达纸质文书</label>
      </fieldset>`;
    case 'record_receipt':
      return html`<label>签收人（企业）<input name="signer" maxlength="50" required value="${v.signer ?? ''}"></label>
        ${again}<label>送达回证照片（最多${MAX_PHOTOS}张）<input type="file" name="photos" accept="image/*" multiple required></label>`;
    case 'decide_extension': {
      const pending = c.extensions?.find((x) => !x.decision);
      if (!pending) return html``;
      const decision = v.decision ?? '';
      return html`<input type="hidden" name="requestId" value="${pending.id}">
        <dl><dt>当前期限</dt><dd>${day(c.deadline)}</dd><dt>申请延至</dt><dd>${day(pending.deadline)}</dd><dt>理由</dt><dd class="pre">${pending.reason}</dd></dl>
        <div>附件：${gallery(c, pending.attachments, '延期附件')}</div>
        <fieldset><legend>审批意见</legend>
          <label class="check"><input type="radio" name="decision" value="approve" required${decision === 'approve' ? html` checked` : ''}> 同意延期</label>
          <label class="check"><input type="radio" name="decision" value="refuse"${decision === 'refuse' ? html` checked` : ''}> 不同意</label></fieldset>
        <label>同意延至（默认为申请日期）<input type="date" name="deadline" min="${isoDay(now)}" value="${v.deadline ?? isoDay(pending.deadline)}"></label>
        <label>审批理由（必填）<textarea name="reason" maxlength="1000" rows="2" required>${v.reason ?? ''}</textarea></label>`;
    }
    case 'record_acceptance':
      return html`<label>验收意见（必填）<textarea name="opinion" maxlength="1000" rows="3" required>${v.opinion ?? ''}</textarea></label>
        ${again}<label>验收现场照片（可选，最多${MAX_PHOTOS}张）<input type="file" name="photos" accept="image/*" multiple></label>`;
  }
}

/** `alone`: the only form on the page, shown open. */
export function trailFormsHtml(args: { c: Case; forms: TrailForm[]; csrf: Html; boundChats: number; now: Date; typed?: TypedForm; alone: boolean }): Html {
  const { c, forms, typed } = args;
  return html`${forms.map((f) => {
    const mine = typed?.action === f;
    const v = mine ? typed.values : {};
    return html`<details class="card action trail-action"${mine || args.alone ? html` open` : ''}>
      <summary>${trailLabels[f]}</summary>
      <form method="post" action="${caseLink(c)}/${f}"${multipart.has(f) ? html` enctype="multipart/form-data"` : ''}>
        ${args.csrf}<input type="hidden" name="version" value="${c.version}">
        ${fields(c, f, v, args.boundChats, args.now, mine)}
        <label class="check"><input type="checkbox" name="confirm" value="1" required> 我已核对以上内容，确认${trailLabels[f]}</label>
        <button type="submit" data-action="${f}" data-confirm="${confirmText[f]}">${trailLabels[f]}</button>
      </form>
    </details>`;
  })}`;
}

/** The notice after a trail form went through (`?done=<form>`). */
export function trailDoneText(done: string | undefined, number: string): string | undefined {
  if (!done || !isTrailForm(done)) return undefined;
  return t(`flow.done.${done === 'record_receipt' ? 'acknowledge_notice' : done}` as MessageKey, { number });
}
