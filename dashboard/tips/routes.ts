import { randomInt } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { tipFormUrl } from '../../bot/web/h5/paths.js';
import { DomainError, isCountyLevel, isDomainError, MAX_PHOTOS, type PhotoRef } from '../../domain/index.js';
import { errorText } from '../../handlers/errors.js';
import { formatReceiptCode, normalizeReceiptCode } from '../../handlers/tips/index.js';
import { translator } from '../../locales/index.js';
import { audit } from '../audit/record.js';
import { files, text, type FormBody } from '../cases/command-from-form.js';
import { dateTime } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { csrfField, options, page } from '../html/layout.js';
import { to } from '../paths.js';
import { visibleTowns } from '../scope.js';

const t = translator('zh-CN');
const channels = { phone: '电话', letter: '信箱（来信）' } as const;
type StaffChannel = keyof typeof channels;
const PIN_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A PIN for a tipster who did not choose one (letters; callers who prefer not to): 8 easy-to-read characters. */
function newPin(): string {
  for (;;) {
    const pin = Array.from({ length: 8 }, () => PIN_ALPHABET[randomInt(PIN_ALPHABET.length)]).join('');
    if (/\d/.test(pin) && /[a-z]/.test(pin)) return pin;
  }
}

/**
 * 电话、信箱举报: an official types in a tip taken by phone or by letter, on the tipster's behalf. The official is
 * recorded as the recorder; the tipster stays anonymous (a call-back number is kept only sealed, and only when the
 * caller asks for progress notices). The receipt code and PIN are shown once, to read back or print on a reply slip.
 */
export function tipIntakeRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const tips = () => {
    if (!deps.core.tips) throw new DomainError('NOT_FOUND', 'tips are not configured');
    return deps.core.tips;
  };

  const form = async (c: Context<DashEnv>, opts: { error?: string; values?: FormBody } = {}) => {
    const { actor } = c.var.official;
    const towns = await visibleTowns(actor, deps.core.stores.towns);
    const v = (k: string) => (opts.values ? text(opts.values, k) : '');
    return page(
      c,
      '电话、信箱举报登记',
      html`<p>接到电话举报或举报信时，由工作人员代为登记。举报人是匿名的：请勿在描述中记录举报人姓名、电话或住址。登记人记为您本人，不是举报人。</p>
      <form method="post" action="${to('/tips')}" enctype="multipart/form-data" class="card">${csrfField(c)}
        <fieldset><legend>举报渠道</legend>${Object.entries(channels).map(
          ([k, label]) => html`<label class="check"><input type="radio" name="channel" value="${k}" required${v('channel') === k ? html` checked` : ''}> ${label}</label>`,
        )}</fieldset>
        <label>举报内容（隐患地点、具体情况，5到2000字）<textarea name="description" rows="6" maxlength="2000" required>${v('description')}</textarea></label>
        <label>被举报企业（可不填）<input name="enterpriseName" maxlength="100" value="${v('enterpriseName')}"></label>
        <label>属地镇（乡）（可不填，企业能匹配时以企业所在镇为准）<select name="townId">${options(towns.map((x) => x.id), (id) => towns.find((x) => x.id === id)?.name ?? id, v('townId') || (isCountyLevel(actor) ? undefined : actor.townId), '不确定')}</select></label>
        <label>举报信扫描件或照片（最多${MAX_PHOTOS}张，位置等信息会被清除）<input type="file" name="photos" accept="image/*" multiple></label>
        <label>举报密码（来电人自己设定的6到20位字母或数字；不填则自动生成）<input name="pin" maxlength="20" autocomplete="off" pattern="[A-Za-z0-9]{6,20}"></label>
        <fieldset><legend>进展通知（仅当举报人主动要求时）</legend>
          <label class="check"><input type="checkbox" name="notify" value="1"> 举报人同意接收处理进展通知</label>
          <label>回访电话（只在勾选上一项时保存，加密存放，办案人员看不到，结案后删除；本系统尚未接入短信网关，接入前进展请来电人凭举报码和密码来电查询）<input name="contact" maxlength="30" autocomplete="off" inputmode="tel"></label>
        </fieldset>
        <button type="submit">登记举报</button>
      </form>
      ${checkCard(c)}`,
      { error: opts.error, status: opts.error ? 400 : 200 },
    );
  };

  app.get('/', (c) => form(c));

  app.post('/', async (c) => {
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const { actor } = c.var.official;
    const channel = (Object.keys(channels) as StaffChannel[]).find((k) => k === text(body, 'channel'));
    // Never echo the contact back into the form: a re-rendered page keeps no trace of the number.
    const values = { ...body, contact: '', pin: '' };
    if (!channel) return form(c, { error: '请选择举报渠道（电话或信箱）。', values });
    const townId = text(body, 'townId') || (isCountyLevel(actor) ? undefined : actor.townId);
    const towns = await visibleTowns(actor, deps.core.stores.towns);
    if (townId && !towns.some((x) => x.id === townId)) return form(c, { error: '请选择您辖区内的镇（乡）。', values });
    const contact = text(body, 'contact').replace(/[\s-]/g, '');
    const wantsNotice = text(body, 'notify') === '1';
    if (wantsNotice && !/^\+?\d{5,20}$/.test(contact)) return form(c, { error: '勾选了进展通知时，请填写有效的回访电话。', values });
    if (wantsNotice && !tips().canNotify) return form(c, { error: '进展通知未开通（未配置 TIP_CONTACT_KEY），电话号码未保存，请取消勾选后重新登记。', values });
    const chosen = text(body, 'pin');
    const pin = chosen || newPin();
    try {
      const photos: PhotoRef[] = [];
      for (const f of files(body, 'photos').slice(0, MAX_PHOTOS + 1)) {
        photos.push(await tips().intakePhoto({ download: async () => new Uint8Array(await f.arrayBuffer()), sizeHint: f.size, fileName: f.name, declaredMime: f.type }));
      }
      const { receiptCode, caseNumber } = await tips().submitTip({
        description: text(body, 'description'),
        enterpriseName: text(body, 'enterpriseName') || undefined,
        townId,
        photos,
        pin,
        channel,
        recordedBy: { id: actor.id, role: actor.role },
        ...(wantsNotice && { notify: { chat: `phone:${contact}`, locale: 'zh-CN' as const } }),
      });
      await audit(deps, c, 'tip.record', { target: `case:${caseNumber}`, detail: channels[channel] });
      const origin = deps.publicUrl ?? new URL(c.req.url).origin;
      return page(
        c,
        '举报已登记',
        html`<section class="card receipt">
          <p>案件编号：<strong>${caseNumber}</strong></p>
          <p class="big">举报码：<strong data-code>${formatReceiptCode(receiptCode)}</strong></p>
          <p class="big">举报密码：<strong data-pin>${pin}</strong></p>
          <p>${channel === 'phone'
            ? '请向来电人逐字读出举报码和举报密码，并请对方复述确认。离开本页后无法再次查看举报密码。'
            : '请打印回执单寄给举报人（如来信留有地址）或留存待取。离开本页后无法再次查看举报密码。'}</p>
          <form method="post" action="${to('/tips/slip')}">${csrfField(c)}
            <input type="hidden" name="caseNumber" value="${caseNumber}"><input type="hidden" name="code" value="${receiptCode}">
            <input type="hidden" name="pin" value="${pin}"><input type="hidden" name="channel" value="${channel}">
            <input type="hidden" name="checkUrl" value="${tipFormUrl(origin, {})}">
            <button type="submit">下载回执单（Word）</button>
          </form>
          <p><a href="${to('/tips')}">继续登记</a></p>
        </section>`,
      );
    } catch (e) {
      const message = errorText(e, t);
      if (!message) throw e;
      return form(c, { error: isPinProblem(e) ? '举报密码须为6到20位字母或数字，且不能太简单。' : message, values });
    }
  });

  // A caller asks about their tip on the phone: the official types the code and PIN the caller reads out. The same
  // per-code lock as every other door applies; nothing about the caller is kept.
  app.post('/check', async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    let result;
    try {
      const v = await tips().checkTip(text(body, 'code'), text(body, 'pin'));
      result = html`<p>案件 <strong>${v.caseNumber}</strong>：${t(`status.${v.status}`)}（更新于 ${dateTime(v.updatedAt)}）${v.rejectReason ? `，原因：${v.rejectReason}` : ''}</p>
        <p>奖励：${t(`tip.reward.${v.reward}`)}</p>`;
    } catch (e) {
      if (isDomainError(e, 'FORBIDDEN')) result = html`<p class="error">${t('tip.wrongPin', { left: Number(e.details?.attemptsLeft ?? 0) })}</p>`;
      else if (isDomainError(e, 'RATE_LIMITED')) result = html`<p class="error">${t('tip.locked', { minutes: Number(e.details?.minutes ?? 15) })}</p>`;
      else throw e;
    }
    await audit(deps, c, 'tip.check');
    return page(c, '代来电人查询举报进度', html`<section class="card" data-result>${result}</section>${checkCard(c)}<p><a href="${to('/tips')}">返回</a></p>`);
  });

  // The slip is built from the page the official still has open: the PIN is never stored to print it later.
  app.post('/slip', async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const code = normalizeReceiptCode(text(body, 'code'));
    const caseNumber = text(body, 'caseNumber');
    const channel = text(body, 'channel') === 'letter' ? 'letter' : 'phone';
    if (!code || !/^[A-Z]{2,6}-\d{4}-\d{6}$/.test(caseNumber) || !/^[A-Za-z0-9]{6,20}$/.test(text(body, 'pin'))) {
      throw new DomainError('INVALID_INPUT', '回执信息不完整');
    }
    const checkUrl = text(body, 'checkUrl');
    // The `docx` package loads with the first slip, not at start.
    const { replySlipDocx } = await import('./reply-slip.js');
    const docx = await replySlipDocx({ caseNumber, receiptCode: code, pin: text(body, 'pin'), channel, at: deps.core.clock.now(), checkUrl: /^https?:\/\//.test(checkUrl) ? checkUrl : undefined });
    return c.body(new Uint8Array(docx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="reply-slip-${caseNumber}.docx"; filename*=UTF-8''${encodeURIComponent(`举报受理回执-${caseNumber}.docx`)}`,
    });
  });

  return app;
}

function checkCard(c: Context<DashEnv>) {
  return html`<section class="card"><h2>代来电人查询进度</h2>
    <form method="post" action="${to('/tips/check')}" class="inline-form">${csrfField(c)}
      <label>举报码<input name="code" required maxlength="20" autocomplete="off"></label>
      <label>举报密码<input name="pin" required maxlength="20" autocomplete="off"></label>
      <button type="submit">查询</button>
    </form></section>`;
}

const isPinProblem = (e: unknown) => e instanceof DomainError && e.code === 'INVALID_INPUT' && e.details?.field === 'pin';
