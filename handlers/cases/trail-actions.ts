import { DomainError, supervisionActions } from '../../domain/index.js';
import type { Case, Outbound, PhotoRef, SupervisionAction, SupervisionCommand } from '../../domain/index.js';
import type { MessageKey } from '../../locales/index.js';
import type { Ctx } from '../context.js';
import type { ActionFlow } from '../dialog-state.js';
import { formatDate, parseDate, text, truncate } from '../format.js';
import { caseDetail } from './detail.js';
import { issueNotice as issueNoticeStep, saveTrail, serveNotice as serveNoticeStep, type TrailOrigin } from './trail-service.js';

/**
 * The 挂牌督办 trail in the chat: the county issues and serves the 督办通知书, the enterprise signs for it
 * and asks for 延期 (reason + attachment), the town decides, the county records 验收.
 */
export const isTrailAction = (a: string): a is SupervisionAction => (supervisionActions as readonly string[]).includes(a);

const cancelRow = (ctx: Ctx) => [{ label: ctx.t('common.cancel'), value: 'f:cancel' }];
const doneRow = (ctx: Ctx) => [[{ label: ctx.t('flow.done'), value: 'f:photos_done' }], cancelRow(ctx)];

export async function startTrailAction(ctx: Ctx, flow: ActionFlow, c: Case, action: SupervisionAction): Promise<Outbound[]> {
  switch (action) {
    case 'issue_notice':
      return issueNotice(ctx, c);
    case 'serve_notice':
      return serveNotice(ctx, c);
    case 'acknowledge_notice':
      return applyTrail(ctx, flow, { action: 'acknowledge_notice' });
    case 'request_extension':
      flow.step = 'ext_date';
      return [text(ctx.t('flow.askExtensionDate'), [cancelRow(ctx)])];
    case 'decide_extension': {
      const pending = c.extensions?.find((x) => !x.decision);
      if (!pending) throw new DomainError('INVALID_TRANSITION', 'no pending extension', { action, status: c.status });
      flow.step = 'ext_decide';
      flow.data.requestId = pending.id;
      return [
        text(ctx.t('flow.askExtensionDecision', { date: formatDate(pending.deadline, ctx.locale), reason: truncate(pending.reason, 200) }), [
          [{ label: ctx.t('flow.approveExtension'), value: 'f:ext:approve' }, { label: ctx.t('flow.refuseExtension'), value: 'f:ext:refuse' }],
          cancelRow(ctx),
        ]),
        ...pending.attachments.slice(0, 3).map((p): Outbound => ({ kind: 'photo', mediaId: p.id })),
      ];
    }
    case 'record_acceptance':
      flow.step = 'acc_opinion';
      return [text(ctx.t('flow.askAcceptanceOpinion'), [cancelRow(ctx)])];
  }
}

/** Text typed during a trail step; undefined when the step is not a trail step. */
export async function trailText(ctx: Ctx, flow: ActionFlow, value: string): Promise<Outbound[] | undefined> {
  switch (flow.step) {
    case 'ext_date': {
      const d = parseDate(value);
      if (!d) return [text(ctx.t('flow.badDate'))];
      flow.data.deadline = d.toISOString();
      flow.step = 'ext_reason';
      return [text(ctx.t('flow.askExtensionReason'), [cancelRow(ctx)])];
    }
    case 'ext_reason':
      if (!value) return [text(ctx.t('error.REASON_REQUIRED'))];
      flow.data.reason = value;
      flow.step = 'ext_attach';
      return [text(ctx.t('flow.askExtensionAttachment'), doneRow(ctx))];
    case 'ext_decide_reason':
      if (!value) return [text(ctx.t('error.REASON_REQUIRED'))];
      return applyTrail(ctx, flow, { action: 'decide_extension', id: String(flow.data.requestId), approve: flow.data.approve === true, reason: value });
    case 'acc_opinion':
      if (!value) return [text(ctx.t('error.OPINION_REQUIRED'))];
      flow.data.opinion = value;
      flow.step = 'acc_photos';
      return [text(ctx.t('flow.askAcceptancePhotos'), doneRow(ctx))];
    case 'ext_attach':
    case 'acc_photos':
      return [text(ctx.t('flow.photosHint'), doneRow(ctx))];
    default:
      return undefined;
  }
}

/** A button during a trail step; undefined when it is not one. */
export async function trailChoice(ctx: Ctx, flow: ActionFlow, value: string): Promise<Outbound[] | undefined> {
  if (flow.step === 'ext_decide' && value.startsWith('f:ext:')) {
    flow.data.approve = value === 'f:ext:approve';
    flow.step = 'ext_decide_reason';
    return [text(ctx.t('flow.askDecisionReason'), [cancelRow(ctx)])];
  }
  if (flow.step === 'ext_attach' && value === 'f:photos_done') {
    if (flow.photos.length === 0) return [text(ctx.t('error.ATTACHMENT_REQUIRED')), text(ctx.t('flow.askExtensionAttachment'), doneRow(ctx))];
    return applyTrail(ctx, flow, {
      action: 'request_extension',
      id: ctx.deps.newId(),
      deadline: new Date(String(flow.data.deadline)),
      reason: String(flow.data.reason ?? ''),
      attachments: flow.photos as PhotoRef[],
    });
  }
  if (flow.step === 'acc_photos' && value === 'f:photos_done') {
    return applyTrail(ctx, flow, { action: 'record_acceptance', opinion: String(flow.data.opinion ?? ''), photos: flow.photos as PhotoRef[] });
  }
  return undefined;
}

export const trailTakesPhotos = (flow: ActionFlow): boolean => flow.step === 'ext_attach' || flow.step === 'acc_photos';

const origin = (ctx: Ctx): TrailOrigin => ({ deps: ctx.deps, actor: ctx.actor, t: ctx.t, exceptChat: ctx.chat });

async function issueNotice(ctx: Ctx, c: Case): Promise<Outbound[]> {
  ctx.state.flow = undefined;
  return done(ctx, await issueNoticeStep(origin(ctx), c), 'issue_notice');
}

/** 送达 on every chat of the enterprise's accounts, with a 签收 button. */
async function serveNotice(ctx: Ctx, c: Case): Promise<Outbound[]> {
  ctx.state.flow = undefined;
  return done(ctx, await serveNoticeStep(origin(ctx), c, { push: true }), 'serve_notice');
}

async function applyTrail(ctx: Ctx, flow: ActionFlow, cmd: SupervisionCommand): Promise<Outbound[]> {
  const saved = await saveTrail(origin(ctx), flow.caseId, cmd);
  ctx.state.flow = undefined;
  return done(ctx, saved, cmd.action);
}

async function done(ctx: Ctx, saved: Case, action: SupervisionAction): Promise<Outbound[]> {
  return [text(ctx.t(`flow.done.${action}` as MessageKey, { number: saved.number })), ...(await caseDetail(ctx, saved))];
}
