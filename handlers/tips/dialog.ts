import { hash, verify } from '@node-rs/argon2';
import { DomainError, isDomainError, MAX_DESCRIPTION, MAX_PHOTOS } from '../../domain/index.js';
import type { MediaRef, Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import { errorText } from '../errors.js';
import { formatDateTime, text, truncate } from '../format.js';
import type { TipService } from './types.js';
import { formatReceiptCode, newReceiptCode, normalizeReceiptCode, pinProblem } from './receipt.js';
import type { TipCheckFlow, TipFlow } from './state.js';

/**
 * 匿名举报: what anonymity means here → description → enterprise (optional) → photos (optional) →
 * summary (+ opt-in to notices) → the tipster sets a PIN → receipt code and PIN shown once and asked
 * back → submitted. Nothing of the dialog survives the submission or a cancel.
 */

/** WeCom always tells the organisation who is writing; tips there cannot be anonymous. */
const cannotBeAnonymous = (chat: string) => /^wecom[a-z]*:/.test(chat);

/** What the intro promises depends on the channel: Telegram keeps the chat on its side; the web chat has only a cookie. */
const introKey = (chat: string) => (chat.startsWith('tg:') ? 'tip.introTelegram' : 'tip.introWeb');

const cancelRow = (ctx: Ctx) => [{ label: ctx.t('common.cancel'), value: 't:cancel' }];

/** After a submission, a check or a cancel the chat keeps nothing, not even its language choice: no row, no timestamp that lines up with a tip. */
function forgetChat(ctx: Ctx): void {
  ctx.state.flow = undefined;
  ctx.state.locale = undefined;
  ctx.state.casesCursor = undefined;
}

/** `/tip`, the 匿名举报 button, or `/tip <receipt code> [PIN]` to check one. */
export async function tipCommand(ctx: Ctx, args: string): Promise<Outbound[]> {
  const tips = ctx.deps.tips;
  if (!tips) return [text(ctx.t('tip.unavailable'))];
  if (cannotBeAnonymous(ctx.chat)) {
    return [text(tips.formUrl ? ctx.t('tip.notAnonymousHereForm', { url: tips.formUrl }) : ctx.t('tip.notAnonymousHere'))];
  }
  if (ctx.sender) return [text(ctx.t('tip.privateOnly'))];
  const [code, pin] = args.split(/\s+/).filter(Boolean);
  if (code) return checkCommand(ctx, tips, code, pin);
  const flow = ctx.state.flow;
  if (flow?.kind === 'tip') return [text(ctx.t('tip.resumed')), ...prompt(ctx, tips, flow)];
  if (flow && flow.kind !== 'tip_check') return [text(ctx.t('tip.finishFirst'))];
  const started: TipFlow = { kind: 'tip', step: 'intro', photos: [], notify: false, reviewed: false };
  ctx.state.flow = started;
  return prompt(ctx, tips, started);
}

function prompt(ctx: Ctx, tips: TipService, flow: TipFlow): Outbound[] {
  const { t } = ctx;
  switch (flow.step) {
    case 'intro':
      return [text(t(introKey(ctx.chat)), [[{ label: t('tip.continue'), value: 't:go' }], cancelRow(ctx)])];
    case 'description':
      return [text(t('tip.askDescription'), [cancelRow(ctx)])];
    case 'enterprise':
      return [text(t('tip.askEnterprise'), [[{ label: t('tip.skip'), value: 't:skip_ent' }], cancelRow(ctx)])];
    case 'photos': {
      const n = flow.photos.length;
      return [
        text(n === 0 ? t('tip.askPhotos', { max: MAX_PHOTOS }) : t('report.photosSoFar', { n, max: MAX_PHOTOS }), [
          [{ label: n === 0 ? t('tip.skip') : t('report.photosDone'), value: 't:photos_done' }],
          cancelRow(ctx),
        ]),
      ];
    }
    case 'confirm':
      return [summary(ctx, tips, flow)];
    case 'pin':
      return [text(t('tip.askPin'), [cancelRow(ctx)])];
    case 'verify':
      return [text(t('tip.askBack'), [[{ label: t('tip.repin'), value: 't:repin' }], cancelRow(ctx)])];
  }
}

function summary(ctx: Ctx, tips: TipService, flow: TipFlow): Outbound {
  const { t } = ctx;
  const lines = [
    t('tip.summaryTitle'),
    t('report.summaryEnterprise', { name: flow.enterpriseName ?? t('report.enterpriseNone') }),
    t('report.summaryDescription', { text: truncate(flow.description ?? '', 300) }),
    t('report.summaryPhotos', { n: flow.photos.length }),
  ];
  const rows = [[{ label: t('tip.setPin'), value: 't:pin' }], [{ label: t('report.editDescription'), value: 't:edit_desc' }]];
  // Without a key there is nowhere safe to keep a chat reference, so the option does not exist.
  if (tips.canNotify) {
    lines.push(flow.notify ? t('tip.notifyOn') : t('tip.notifyOff'));
    rows.push([{ label: flow.notify ? t('tip.notifyDisable') : t('tip.notifyEnable'), value: flow.notify ? 't:notify_off' : 't:notify_on' }]);
  }
  rows.push(cancelRow(ctx));
  return text(lines.join('\n'), rows);
}

export async function tipText(ctx: Ctx, flow: TipFlow, input: string): Promise<Outbound[]> {
  const tips = ctx.deps.tips;
  if (!tips) return [text(ctx.t('tip.unavailable'))];
  const value = input.trim();
  switch (flow.step) {
    case 'description': {
      if (value.length < 5) return [text(ctx.t('report.descriptionTooShort')), ...prompt(ctx, tips, flow)];
      if (value.length > MAX_DESCRIPTION) return [text(ctx.t('report.descriptionTooLong', { max: MAX_DESCRIPTION, n: value.length }))];
      flow.description = value;
      flow.step = flow.reviewed ? 'confirm' : 'enterprise';
      return prompt(ctx, tips, flow);
    }
    case 'enterprise':
      if (value.length < 2 || value.length > 100) return [text(ctx.t('report.enterpriseTooShort')), ...prompt(ctx, tips, flow)];
      flow.enterpriseName = value;
      flow.step = 'photos';
      return prompt(ctx, tips, flow);
    case 'pin':
      return choosePin(ctx, tips, flow, value);
    case 'verify':
      return verifyAndSubmit(ctx, tips, flow, value);
    default:
      return [text(ctx.t('flow.useButtons')), ...prompt(ctx, tips, flow)];
  }
}

async function choosePin(ctx: Ctx, tips: TipService, flow: TipFlow, pin: string): Promise<Outbound[]> {
  const problem = pinProblem(pin);
  if (problem) return [text(ctx.t(problem === 'weak' ? 'tip.pinWeak' : 'tip.pinFormat')), ...prompt(ctx, tips, flow)];
  flow.receiptCode = newReceiptCode();
  // Only a hash waits in the dialog; the PIN itself appears once, in this reply.
  flow.pinHash = await hash(pin);
  flow.step = 'verify';
  return [text(ctx.t('tip.showOnce', { code: formatReceiptCode(flow.receiptCode), pin })), ...prompt(ctx, tips, flow)];
}

/** "CODE PIN" typed back: the same check a later `/tip` does, so the tipster knows it works. */
async function verifyAndSubmit(ctx: Ctx, tips: TipService, flow: TipFlow, input: string): Promise<Outbound[]> {
  const parts = input.split(/\s+/).filter(Boolean);
  const pin = parts.pop() ?? '';
  const code = normalizeReceiptCode(parts.join(''));
  const same = code !== undefined && code === flow.receiptCode && !!flow.pinHash && (await verify(flow.pinHash, pin).catch(() => false));
  if (!same) return [text(ctx.t('tip.askBackMismatch')), ...prompt(ctx, tips, flow)];
  const { caseNumber } = await tips.submitTip({
    description: flow.description ?? '',
    enterpriseName: flow.enterpriseName,
    photos: flow.photos,
    pin,
    channel: ctx.chat.startsWith('tg:') ? 'telegram' : 'web',
    receiptCode: code,
    notify: flow.notify ? { chat: ctx.chat, locale: ctx.locale } : undefined,
  });
  forgetChat(ctx);
  return [text(ctx.t('tip.submitted', { number: caseNumber }))];
}

export async function tipPhotos(ctx: Ctx, flow: TipFlow, media: MediaRef[], caption?: string): Promise<Outbound[]> {
  const tips = ctx.deps.tips;
  if (!tips) return [text(ctx.t('tip.unavailable'))];
  const replies: Outbound[] = [];
  const room = MAX_PHOTOS - flow.photos.length;
  if (media.length > room) replies.push(text(ctx.t('error.TOO_MANY_PHOTOS', { max: MAX_PHOTOS })));
  for (const m of media.slice(0, Math.max(room, 0))) {
    try {
      const { id, mime, bytes } = await tips.intakePhoto(m);
      flow.photos.push({ id, mime, bytes });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      replies.push(text(errorText(e, ctx.t) ?? ctx.t('error.generic')));
    }
  }
  if (caption && caption.trim().length >= 5 && !flow.description) flow.description = caption.trim();
  if (flow.step === 'intro') flow.step = 'description';
  if (flow.step === 'description' && flow.description) flow.step = 'enterprise';
  if (flow.step !== 'photos') replies.push(text(ctx.t('report.photosSoFar', { n: flow.photos.length, max: MAX_PHOTOS })));
  return [...replies, ...prompt(ctx, tips, flow)];
}

/** A tip does not take a location: the sender's position may be where they are, not the hazard. */
export function tipLocation(ctx: Ctx, flow: TipFlow): Outbound[] {
  const tips = ctx.deps.tips;
  return [text(ctx.t('tip.noLocation')), ...(tips ? prompt(ctx, tips, flow) : [])];
}

export function tipChoice(ctx: Ctx, flow: TipFlow | TipCheckFlow, value: string): Outbound[] {
  const tips = ctx.deps.tips;
  if (!tips) return [text(ctx.t('tip.unavailable'))];
  if (value === 't:cancel') {
    forgetChat(ctx);
    return [text(ctx.t('tip.cancelled'))];
  }
  if (flow.kind === 'tip_check') return [text(ctx.t('error.staleButton')), text(ctx.t('tip.askCheckPin'), [cancelRow(ctx)])];
  const move = (from: TipFlow['step'], to: TipFlow['step']) => flow.step === from && ((flow.step = to), true);
  const handled =
    (value === 't:go' && move('intro', 'description')) ||
    (value === 't:skip_ent' && move('enterprise', 'photos')) ||
    (value === 't:photos_done' && move('photos', 'confirm')) ||
    (value === 't:edit_desc' && move('confirm', 'description')) ||
    (value === 't:pin' && move('confirm', 'pin')) ||
    (value === 't:repin' && move('verify', 'pin')) ||
    ((value === 't:notify_on' || value === 't:notify_off') && flow.step === 'confirm' && tips.canNotify && ((flow.notify = value === 't:notify_on'), true));
  if (!handled) return [text(ctx.t('error.staleButton')), ...prompt(ctx, tips, flow)];
  if (flow.step === 'confirm') flow.reviewed = true;
  if (flow.step === 'pin') {
    flow.receiptCode = undefined;
    flow.pinHash = undefined;
  }
  return prompt(ctx, tips, flow);
}

async function checkCommand(ctx: Ctx, tips: TipService, code: string, pin: string | undefined): Promise<Outbound[]> {
  const normalized = normalizeReceiptCode(code);
  if (!normalized) return [text(ctx.t('tip.badCode'))];
  if (pin) return check(ctx, tips, normalized, pin);
  // Waiting for the PIN replaces no other draft: a check can always be typed in one message instead.
  if (ctx.state.flow && ctx.state.flow.kind !== 'tip_check') return [text(ctx.t('tip.checkInOneMessage'))];
  ctx.state.flow = { kind: 'tip_check', receiptCode: normalized };
  return [text(ctx.t('tip.askCheckPin'), [cancelRow(ctx)])];
}

export function tipCheckText(ctx: Ctx, flow: TipCheckFlow, input: string): Promise<Outbound[]> | Outbound[] {
  const tips = ctx.deps.tips;
  if (!tips) return [text(ctx.t('tip.unavailable'))];
  return check(ctx, tips, flow.receiptCode, input.trim());
}

async function check(ctx: Ctx, tips: TipService, code: string, pin: string): Promise<Outbound[]> {
  const { t } = ctx;
  try {
    const v = await tips.checkTip(code, pin, { openPhotos: true });
    forgetChat(ctx);
    const lines = [
      t('tip.statusTitle', { number: v.caseNumber }),
      t('tip.statusLine', { status: t(`status.${v.status}`), at: formatDateTime(v.updatedAt, ctx.locale) }),
      ...(v.rejectReason ? [t('case.rejectReason', { reason: v.rejectReason })] : []),
      t('tip.rewardLine', { reward: t(`tip.reward.${v.reward}`) }),
    ];
    // The tip's own photos, for this tipster only: shown through the receipt session, never with the case.
    const photos = (v.photos?.ids ?? []).map((mediaId, i): Outbound => ({ kind: 'photo', mediaId, caption: t('tip.ownPhoto', { n: i + 1 }), receiptSession: v.photos!.session }));
    return [text(lines.join('\n')), ...photos];
  } catch (e) {
    forgetChat(ctx);
    if (isDomainError(e, 'RATE_LIMITED')) return [text(t('tip.locked', { minutes: Number(e.details?.minutes ?? 30) }))];
    if (isDomainError(e, 'FORBIDDEN')) return [text(t('tip.wrongPin', { left: Number(e.details?.attemptsLeft ?? 0) }))];
    throw e;
  }
}
