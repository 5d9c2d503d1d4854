import { DomainError, MAX_DESCRIPTION, MAX_PHOTOS, nameCore } from '../../domain/index.js';
import type { Enterprise, MatchRule, MediaRef, Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import type { ReportFlow } from '../dialog-state.js';
import { findEnterprise } from '../dispatch.js';
import { errorText } from '../errors.js';
import { text, truncate } from '../format.js';
import { intakePhoto } from '../media/photo-intake.js';
import { submitReport } from './submit.js';

/**
 * 上报隐患: enterprise → description → 0–9 photos → optional location → confirm.
 * Every step saves the draft; a wrong input answers with what to fix and keeps everything else.
 */
export function startReport(ctx: Ctx): Outbound[] {
  ctx.state.flow = { kind: 'report', step: 'enterprise', caseId: ctx.deps.newId(), draft: { photos: [] } };
  return [enterprisePrompt(ctx)];
}

const cancelRow = (ctx: Ctx) => [{ label: ctx.t('common.cancel'), value: 'r:cancel' }];

function enterprisePrompt(ctx: Ctx): Outbound {
  return text(ctx.t('report.askEnterprise'), [[{ label: ctx.t('report.enterpriseUnknown'), value: 'r:noent' }], cancelRow(ctx)]);
}

function descriptionPrompt(ctx: Ctx, flow: ReportFlow): Outbound {
  const ent = flow.draft.enterpriseName ? ctx.t('report.enterpriseChosen', { name: flow.draft.enterpriseName }) + '\n' : '';
  return text(ent + ctx.t('report.askDescription'), [cancelRow(ctx)]);
}

function photosPrompt(ctx: Ctx, flow: ReportFlow): Outbound {
  const n = flow.draft.photos.length;
  const msg = n === 0 ? ctx.t('report.askPhotos', { max: MAX_PHOTOS }) : ctx.t('report.photosSoFar', { n, max: MAX_PHOTOS });
  return text(msg, [[{ label: n === 0 ? ctx.t('report.skipPhotos') : ctx.t('report.photosDone'), value: 'r:photos_done' }], cancelRow(ctx)]);
}

function locationPrompt(ctx: Ctx): Outbound {
  return text(ctx.t('report.askLocation'), [[{ label: ctx.t('report.skipLocation'), value: 'r:loc_skip' }], cancelRow(ctx)]);
}

export function confirmPrompt(ctx: Ctx, flow: ReportFlow): Outbound {
  const d = flow.draft;
  const lines = [
    ctx.t('report.summaryTitle'),
    ctx.t('report.summaryEnterprise', { name: d.enterpriseName ?? ctx.t('report.enterpriseNone') }),
    ctx.t('report.summaryDescription', { text: truncate(d.description ?? '', 300) }),
    ctx.t('report.summaryPhotos', { n: d.photos.length }),
    ctx.t('report.summaryLocation', {
      where: d.location ? (d.location.label ?? `${d.location.lat.toFixed(5)}, ${d.location.lng.toFixed(5)}`) : ctx.t('report.locationNone'),
    }),
  ];
  return text(lines.join('\n'), [
    [{ label: ctx.t('report.submit'), value: 'r:submit' }],
    [{ label: ctx.t('report.editDescription'), value: 'r:edit_desc' }, { label: ctx.t('report.addPhotos'), value: 'r:edit_photos' }],
    cancelRow(ctx),
  ]);
}

function chooseEnterprise(flow: ReportFlow, e: Pick<Enterprise, 'id' | 'name'> & { townId?: string }, rule: MatchRule): void {
  flow.draft.enterpriseId = e.id;
  flow.draft.enterpriseName = e.name;
  flow.draft.matchRule = rule;
  flow.draft.townId = e.townId;
  flow.candidates = undefined;
  flow.pendingName = undefined;
  flow.step = 'description';
}

export async function reportText(ctx: Ctx, flow: ReportFlow, input: string): Promise<Outbound[]> {
  const value = input.trim();
  switch (flow.step) {
    case 'enterprise': {
      if (value.length < 2 || value.length > 100) return [text(ctx.t('report.enterpriseTooShort')), enterprisePrompt(ctx)];
      const match = await findEnterprise(ctx.deps.stores.enterprises, { typed: value });
      if (match) {
        chooseEnterprise(flow, match.enterprise, match.rule);
        return [descriptionPrompt(ctx, flow)];
      }
      const found = await ctx.deps.stores.enterprises.search(nameCore(value).length >= 2 ? nameCore(value) : value, 5);
      if (found.length === 1) {
        chooseEnterprise(flow, found[0]!, 'name');
        return [descriptionPrompt(ctx, flow)];
      }
      if (found.length > 1) {
        flow.candidates = found.map((e) => ({ id: e.id, name: e.name }));
        flow.pendingName = value;
        return [
          text(ctx.t('report.enterpriseSeveral'), [
            ...found.map((e) => [{ label: e.name, value: `r:ent:${e.id}` }]),
            [{ label: ctx.t('report.keepTypedName', { name: truncate(value, 20) }), value: 'r:keepname' }],
            cancelRow(ctx),
          ]),
        ];
      }
      flow.pendingName = value;
      return [
        text(ctx.t('report.enterpriseNotFound', { name: value }), [
          [{ label: ctx.t('report.keepTypedName', { name: truncate(value, 20) }), value: 'r:keepname' }],
          [{ label: ctx.t('report.retypeName'), value: 'r:retype' }],
          cancelRow(ctx),
        ]),
      ];
    }
    case 'description': {
      if (value.length < 5) return [text(ctx.t('report.descriptionTooShort')), descriptionPrompt(ctx, flow)];
      if (value.length > MAX_DESCRIPTION) {
        return [text(ctx.t('report.descriptionTooLong', { max: MAX_DESCRIPTION, n: value.length }))];
      }
      flow.draft.description = value;
      if (flow.draft.photos.length > 0 && flow.draft.location) {
        flow.step = 'confirm';
        return [confirmPrompt(ctx, flow)];
      }
      flow.step = 'photos';
      return [photosPrompt(ctx, flow)];
    }
    case 'photos':
      return [text(ctx.t('report.photosHint')), photosPrompt(ctx, flow)];
    case 'location':
      return [text(ctx.t('report.locationHint')), locationPrompt(ctx)];
    case 'confirm':
      return [confirmPrompt(ctx, flow)];
  }
}

export async function reportPhotos(ctx: Ctx, flow: ReportFlow, media: MediaRef[], caption?: string): Promise<Outbound[]> {
  const replies: Outbound[] = [];
  const room = MAX_PHOTOS - flow.draft.photos.length;
  if (room <= 0 || media.length > room) {
    replies.push(text(ctx.t('error.TOO_MANY_PHOTOS', { max: MAX_PHOTOS })));
  }
  for (const m of media.slice(0, Math.max(room, 0))) {
    try {
      flow.draft.photos.push(await intakePhoto(m, ctx.deps.photoLimits, ctx.deps.stores.media, { keepEvidence: true }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      replies.push(text(errorText(e, ctx.t) ?? ctx.t('error.generic')));
    }
  }
  if (caption?.trim() && !flow.draft.description && caption.trim().length >= 5) flow.draft.description = caption.trim();
  // Photos may come at any step; they join the draft and the dialog carries on where it was.
  if (flow.step === 'photos') replies.push(photosPrompt(ctx, flow));
  else if (flow.step === 'enterprise') replies.push(text(ctx.t('report.photosSoFar', { n: flow.draft.photos.length, max: MAX_PHOTOS })), enterprisePrompt(ctx));
  else if (flow.step === 'description') replies.push(text(ctx.t('report.photosSoFar', { n: flow.draft.photos.length, max: MAX_PHOTOS })), descriptionPrompt(ctx, flow));
  else replies.push(text(ctx.t('report.photosSoFar', { n: flow.draft.photos.length, max: MAX_PHOTOS })), flow.step === 'location' ? locationPrompt(ctx) : confirmPrompt(ctx, flow));
  return replies;
}

export function reportLocation(ctx: Ctx, flow: ReportFlow, loc: { lat: number; lng: number; label?: string }): Outbound[] {
  if (!Number.isFinite(loc.lat) || !Number.isFinite(loc.lng) || Math.abs(loc.lat) > 90 || Math.abs(loc.lng) > 180) {
    return [text(ctx.t('report.locationInvalid'))];
  }
  flow.draft.location = loc;
  if (flow.step === 'location' || flow.step === 'confirm') {
    flow.step = 'confirm';
    return [confirmPrompt(ctx, flow)];
  }
  return [text(ctx.t('report.locationSaved'))];
}

export async function reportChoice(ctx: Ctx, flow: ReportFlow, value: string): Promise<Outbound[]> {
  if (value === 'r:cancel') {
    ctx.state.flow = undefined;
    return [text(ctx.t('report.cancelled'))];
  }
  if (value.startsWith('r:ent:') && flow.step === 'enterprise') {
    const id = value.slice('r:ent:'.length);
    const e = flow.candidates?.some((c) => c.id === id) ? await ctx.deps.stores.enterprises.get(id) : null;
    if (!e) return [text(ctx.t('error.staleButton')), enterprisePrompt(ctx)];
    chooseEnterprise(flow, e, 'name');
    return [descriptionPrompt(ctx, flow)];
  }
  if (value === 'r:keepname' && flow.step === 'enterprise' && flow.pendingName) {
    flow.draft.enterpriseName = flow.pendingName;
    flow.pendingName = undefined;
    flow.candidates = undefined;
    flow.step = 'description';
    return [descriptionPrompt(ctx, flow)];
  }
  if (value === 'r:retype' && flow.step === 'enterprise') return [enterprisePrompt(ctx)];
  if (value === 'r:noent' && flow.step === 'enterprise') {
    flow.step = 'description';
    return [descriptionPrompt(ctx, flow)];
  }
  if (value === 'r:photos_done' && flow.step === 'photos') {
    flow.step = flow.draft.location ? 'confirm' : 'location';
    return [flow.step === 'confirm' ? confirmPrompt(ctx, flow) : locationPrompt(ctx)];
  }
  if (value === 'r:loc_skip' && flow.step === 'location') {
    flow.step = 'confirm';
    return [confirmPrompt(ctx, flow)];
  }
  if (value === 'r:edit_desc' && flow.step === 'confirm') {
    flow.step = 'description';
    return [descriptionPrompt(ctx, flow)];
  }
  if (value === 'r:edit_photos' && flow.step === 'confirm') {
    flow.step = 'photos';
    return [photosPrompt(ctx, flow)];
  }
  if (value === 'r:submit' && flow.step === 'confirm') return submitReport(ctx, flow);
  return [text(ctx.t('error.staleButton')), ...resumePrompt(ctx, flow)];
}

/** Re-asks the current step: used after /start-like interruptions and stale buttons. */
export function resumePrompt(ctx: Ctx, flow: ReportFlow): Outbound[] {
  switch (flow.step) {
    case 'enterprise':
      return [enterprisePrompt(ctx)];
    case 'description':
      return [descriptionPrompt(ctx, flow)];
    case 'photos':
      return [photosPrompt(ctx, flow)];
    case 'location':
      return [locationPrompt(ctx)];
    case 'confirm':
      return [confirmPrompt(ctx, flow)];
  }
}
