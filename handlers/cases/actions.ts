import { applyCommand, availableActions, availableTrailActions, DomainError, fiveImplementations, isCountyLevel } from '../../domain/index.js';
import type { Case, CaseAction, Command, MediaRef, Outbound, PhotoRef } from '../../domain/index.js';
import type { MessageKey } from '../../locales/index.js';
import type { Ctx } from '../context.js';
import type { ActionFlow } from '../dialog-state.js';
import { errorText } from '../errors.js';
import { daysFromNow, formatDate, parseDate, text } from '../format.js';
import { intakePhoto } from '../media/photo-intake.js';
import { saveCaseChange } from '../case-change.js';
import { caseNotice, countyOfficials, officialsFor } from '../notify.js';
import { caseDetail } from './detail.js';
import { isTrailAction, startTrailAction, trailChoice, trailTakesPhotos, trailText } from './trail-actions.js';
import { loadVisibleCase } from './visibility.js';

type Action = Exclude<CaseAction, 'report'>;
const cancelRow = (ctx: Ctx) => [{ label: ctx.t('common.cancel'), value: 'f:cancel' }];
const deadlinePresets = [7, 15, 30];

/** A press on an action button: `a:<number>:<action>:<version>`. The version makes stale keyboards harmless. */
export async function startAction(ctx: Ctx, value: string): Promise<Outbound[]> {
  const [, number, action, version] = value.split(':');
  const c = await loadVisibleCase(ctx, number ?? '');
  if (String(c.version) !== version) return [text(ctx.t('error.staleCase')), ...(await caseDetail(ctx, c))];
  if (action && isTrailAction(action)) {
    if (!availableTrailActions(c, ctx.actor).includes(action)) {
      return [text(ctx.t('error.INVALID_TRANSITION', { action: ctx.t(`action.${action}` as MessageKey) }))];
    }
    const flow: ActionFlow = { kind: 'action', caseId: c.id, action, step: '', data: { version: c.version }, photos: [] };
    ctx.state.flow = flow;
    return startTrailAction(ctx, flow, c, action);
  }
  if (!availableActions(c, ctx.actor).includes(action as Action)) {
    // Not offered to this person now: let the domain say exactly why.
    return [text(ctx.t('error.INVALID_TRANSITION', { action: ctx.t(`action.${action}` as MessageKey) }))];
  }
  const flow: ActionFlow = { kind: 'action', caseId: c.id, action: action as Action, step: '', data: { version: c.version }, photos: [] };
  ctx.state.flow = flow;
  switch (action as Action) {
    case 'start_rectification':
    case 'confirm_cleared':
      return execute(ctx, flow, { action: action as 'start_rectification' });
    case 'approve':
      // Closing takes a written 复核意见 and a confirmation.
      flow.step = 'opinion';
      return [text(ctx.t('flow.askOpinion'), [cancelRow(ctx)])];
    case 'escalate':
      flow.step = 'confirm';
      return [text(ctx.t('flow.confirmEscalate', { number: c.number }), confirmRows(ctx))];
    case 'register':
      if (!isCountyLevel(ctx.actor)) return execute(ctx, flow, { action: 'register', townId: ctx.actor.townId ?? '' });
      return askTown(ctx, flow, c);
    case 'reject':
      flow.step = 'reason';
      return [text(ctx.t('flow.askReason'), [cancelRow(ctx)])];
    case 'send_back':
      flow.step = 'reason';
      return [text(ctx.t('flow.askSendBackOpinion'), [cancelRow(ctx)])];
    case 'assess':
      flow.step = 'severity';
      return [
        text(ctx.t('flow.askSeverity'), [
          [{ label: ctx.t('severity.general'), value: 'f:sev:general' }, { label: ctx.t('severity.major'), value: 'f:sev:major' }],
          cancelRow(ctx),
        ]),
      ];
    case 'extend_deadline':
      return askDeadline(ctx, flow);
    case 'request_review':
    case 'dispute':
      flow.step = 'photos';
      return [text(ctx.t(action === 'dispute' ? 'flow.askDisputePhotos' : 'flow.askAfterPhotos'), [cancelRow(ctx)])];
    case 'update_supervision':
      flow.step = 'field';
      return supervisionMenu(ctx, c);
  }
}

const confirmRows = (ctx: Ctx) => [[{ label: ctx.t('flow.confirm'), value: 'f:confirm' }], cancelRow(ctx)];

/** The confirmed command of a step that asked "are you sure?" (close, send back, escalate). */
function confirmed(flow: ActionFlow): Command {
  if (flow.action === 'approve') return { action: 'approve', note: String(flow.data.opinion ?? '') };
  if (flow.action === 'send_back') return { action: 'send_back', reason: String(flow.data.opinion ?? '') };
  return { action: 'escalate' };
}

async function askTown(ctx: Ctx, flow: ActionFlow, c: Case): Promise<Outbound[]> {
  flow.step = 'town';
  const towns = await ctx.deps.stores.towns.list();
  const rows = [];
  for (let i = 0; i < towns.length; i += 3) {
    rows.push(towns.slice(i, i + 3).map((tw) => ({ label: (tw.id === c.townId ? '✓ ' : '') + tw.name, value: `f:town:${tw.id}` })));
  }
  rows.push(cancelRow(ctx));
  return [text(ctx.t('flow.askTown'), rows)];
}

function askDeadline(ctx: Ctx, flow: ActionFlow): Outbound[] {
  flow.step = 'deadline';
  return [
    text(ctx.t('flow.askDeadline'), [
      deadlinePresets.map((d) => ({ label: ctx.t('flow.days', { n: d }), value: `f:days:${d}` })),
      cancelRow(ctx),
    ]),
  ];
}

async function supervisionMenu(ctx: Ctx, c: Case): Promise<Outbound[]> {
  const s = c.supervision;
  const rows = fiveImplementations.map((f) => [
    { label: `${s?.[f]?.trim() ? '✓' : '○'} ${ctx.t(`supervision.${f}`)}`, value: `f:field:${f}` },
  ]);
  rows.push([{ label: `${s?.filed ? '✓' : '○'} ${ctx.t('supervision.filed')}`, value: 'f:filed' }]);
  rows.push([{ label: ctx.t('flow.done'), value: 'f:done' }]);
  const current = fiveImplementations.filter((f) => s?.[f]).map((f) => `${ctx.t(`supervision.${f}`)}：${s?.[f]}`);
  return [text([ctx.t('flow.supervisionTitle'), ...current].join('\n'), rows)];
}

export async function actionChoice(ctx: Ctx, flow: ActionFlow, value: string): Promise<Outbound[]> {
  if (value === 'f:cancel') {
    ctx.state.flow = undefined;
    return [text(ctx.t('flow.cancelled'))];
  }
  const trail = await trailChoice(ctx, flow, value);
  if (trail) return trail;
  if (flow.step === 'confirm' && value === 'f:confirm') return execute(ctx, flow, confirmed(flow));
  const c = await ctx.deps.stores.cases.get(flow.caseId);
  if (!c) throw new DomainError('NOT_FOUND', 'case gone');
  if (flow.step === 'town' && value.startsWith('f:town:')) {
    return execute(ctx, flow, { action: 'register', townId: value.slice('f:town:'.length) });
  }
  if (flow.step === 'severity' && value.startsWith('f:sev:')) {
    flow.data.severity = value.slice('f:sev:'.length);
    return askDeadline(ctx, flow);
  }
  if (flow.step === 'deadline' && value.startsWith('f:days:')) {
    return deadlineChosen(ctx, flow, daysFromNow(ctx.deps.clock.now(), Number(value.slice('f:days:'.length))));
  }
  if (flow.step === 'photos' && value === 'f:photos_done') {
    if (flow.action === 'dispute') {
      if (flow.photos.length === 0) return [text(ctx.t('error.DISPUTE_PHOTO_REQUIRED'))];
      flow.step = 'note';
      return [text(ctx.t('flow.askDisputeNote'), [cancelRow(ctx)])];
    }
    return execute(ctx, flow, { action: 'request_review', afterPhotos: flow.photos as PhotoRef[] });
  }
  if (flow.step === 'field' && value.startsWith('f:field:')) {
    flow.step = `value:${value.slice('f:field:'.length)}`;
    return [text(ctx.t('flow.askFieldValue', { field: ctx.t(`supervision.${value.slice('f:field:'.length)}` as MessageKey) }), [cancelRow(ctx)])];
  }
  if (flow.step === 'field' && value === 'f:filed') {
    return executeAndStay(ctx, flow, { action: 'update_supervision', fields: { filed: !c.supervision?.filed } });
  }
  if (flow.step === 'field' && value === 'f:done') {
    ctx.state.flow = undefined;
    return caseDetail(ctx, c);
  }
  return [text(ctx.t('error.staleButton'))];
}

function deadlineChosen(ctx: Ctx, flow: ActionFlow, deadline: Date): Promise<Outbound[]> | Outbound[] {
  if (flow.action === 'extend_deadline') {
    flow.data.deadline = deadline.toISOString();
    flow.step = 'reason';
    return [text(ctx.t('flow.askExtendReason', { date: formatDate(deadline, ctx.locale) }), [cancelRow(ctx)])];
  }
  return execute(ctx, flow, { action: 'assess', severity: flow.data.severity as 'general' | 'major', deadline });
}

export async function actionText(ctx: Ctx, flow: ActionFlow, input: string): Promise<Outbound[]> {
  const value = input.trim();
  const trail = await trailText(ctx, flow, value);
  if (trail) return trail;
  if (flow.step === 'opinion' || (flow.step === 'reason' && flow.action === 'send_back')) {
    if (!value) return [text(ctx.t('error.OPINION_REQUIRED'))];
    if (value.length > 1000) return [text(ctx.t('flow.fieldValueInvalid'))];
    flow.data.opinion = value;
    flow.step = 'confirm';
    const key = flow.action === 'approve' ? 'flow.confirmApprove' : 'flow.confirmSendBack';
    return [text(ctx.t(key, { opinion: value }), confirmRows(ctx))];
  }
  if (flow.step === 'reason') {
    if (!value) return [text(ctx.t('error.REASON_REQUIRED'))];
    if (flow.action === 'extend_deadline') {
      return execute(ctx, flow, { action: 'extend_deadline', deadline: new Date(String(flow.data.deadline)), reason: value });
    }
    return execute(ctx, flow, { action: 'reject', reason: value });
  }
  if (flow.step === 'confirm') return [text(ctx.t('flow.useButtons'), confirmRows(ctx))];
  if (flow.step === 'deadline') {
    const d = parseDate(value);
    if (!d) return [text(ctx.t('flow.badDate'))];
    return deadlineChosen(ctx, flow, d);
  }
  if (flow.step === 'note' && flow.action === 'dispute') {
    return execute(ctx, flow, { action: 'dispute', photos: flow.photos as PhotoRef[], note: value });
  }
  if (flow.step.startsWith('value:')) {
    const field = flow.step.slice('value:'.length);
    if (!value || value.length > 500) return [text(ctx.t('flow.fieldValueInvalid'))];
    flow.step = 'field';
    return executeAndStay(ctx, flow, { action: 'update_supervision', fields: { [field]: value } });
  }
  if (flow.step === 'photos') return [text(ctx.t('flow.photosHint'), [[{ label: ctx.t('flow.done'), value: 'f:photos_done' }], cancelRow(ctx)])];
  return [text(ctx.t('flow.useButtons'))];
}

export async function actionPhotos(ctx: Ctx, flow: ActionFlow, media: MediaRef[]): Promise<Outbound[]> {
  if (flow.step !== 'photos' && !trailTakesPhotos(flow)) return [text(ctx.t('flow.useButtons'))];
  const replies: Outbound[] = [];
  for (const m of media) {
    try {
      flow.photos.push(await intakePhoto(m, ctx.deps.photoLimits, ctx.deps.stores.media, { keepEvidence: true }));
    } catch (e) {
      const msg = errorText(e, ctx.t);
      if (!msg) throw e;
      replies.push(text(msg));
    }
  }
  replies.push(text(ctx.t('flow.photosReceived', { n: flow.photos.length }), [[{ label: ctx.t('flow.done'), value: 'f:photos_done' }], cancelRow(ctx)]));
  return replies;
}

/** Applies a command against the latest stored case; a concurrent change answers "someone was faster". */
async function execute(ctx: Ctx, flow: ActionFlow, cmd: Command): Promise<Outbound[]> {
  const updated = await applyAndSave(ctx, flow, cmd);
  ctx.state.flow = undefined;
  return [text(ctx.t('flow.done.' + cmd.action as MessageKey, { number: updated.number })), ...(await caseDetail(ctx, updated))];
}

async function executeAndStay(ctx: Ctx, flow: ActionFlow, cmd: Command): Promise<Outbound[]> {
  const updated = await applyAndSave(ctx, flow, cmd);
  return supervisionMenu(ctx, updated);
}

async function applyAndSave(ctx: Ctx, flow: ActionFlow, cmd: Command): Promise<Case> {
  const { deps } = ctx;
  const c = await deps.stores.cases.get(flow.caseId);
  if (!c) throw new DomainError('NOT_FOUND', 'case gone');
  const next = applyCommand(c, cmd, ctx.actor, deps.clock.now());
  const notices = [];
  if (cmd.action === 'request_review') {
    // The town (and for a major hazard the county, who closes it) hears that the rectification is done.
    const people = [...(await officialsFor(deps, next.townId)), ...(next.severity === 'major' ? await countyOfficials(deps) : [])];
    notices.push(caseNotice(deps, people, {
      kind: 'review_requested', eventKey: `review:${next.id}:${c.version + 1}`, caseNumber: next.number,
      text: (t) => t('notify.reviewRequested', { number: next.number }), choices: (t) => [[{ label: t('case.open'), value: `c:${next.number}` }]],
    }, ctx.chat));
  }
  const saved = await saveCaseChange(deps, c, next, ctx.chat, { notices });
  deps.log.info({ caseNumber: saved.number, action: cmd.action, to: saved.status, actor: ctx.actor.id }, 'case transition');
  return saved;
}
