import type { Context } from 'hono';
import { DomainError } from '../../domain/index.js';
import type { Case, PhotoRef } from '../../domain/index.js';
import { errorText } from '../../handlers/errors.js';
import { issueNotice, saveTrail, serveNotice, type TrailOrigin } from '../../handlers/cases/trail-service.js';
import { translator } from '../../locales/index.js';
import { audit } from '../audit/record.js';
import { dayEnd, isoDay } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { files, text, type FormBody } from './command-from-form.js';
import { caseLink } from './list-page.js';
import { trailLabels, type TrailForm, type TypedForm } from './trail-forms.js';

const t = translator('zh-CN');

/** A form the dashboard itself refuses before the domain sees it (no confirmation, no 送达 way chosen). */
class FormProblem extends Error {}

export interface TrailRouteDeps {
  visibleCase: (c: Context<DashEnv>) => Promise<Case>;
  detail: (c: Context<DashEnv>, found: Case, opts: { error?: string; status?: 400 | 403 | 409; typed?: TypedForm }) => Promise<Response>;
  intake: (files: File[]) => Promise<PhotoRef[]>;
}

/** What was typed, to fill the form in again: text fields only (browsers never let a page refill a file). */
const typedValues = (form: FormBody): Record<string, string> =>
  Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (typeof v === 'string' && k !== '_csrf' && k !== 'version' ? [[k, v]] : [])));

/** POST /dashboard/cases/:number/<trail form>: one 挂牌督办 step through the chat's own service. */
export function trailRoute(deps: DashboardDeps, r: TrailRouteDeps) {
  return async (c: Context<DashEnv>, action: TrailForm): Promise<Response> => {
    const current = await r.visibleCase(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const typed: TypedForm = { action, values: typedValues(form) };
    if (text(form, 'version') !== String(current.version)) {
      return r.detail(c, current, { error: `${t('error.staleCase')}请核对后重新操作。`, status: 409, typed });
    }
    const { actor } = c.var.official;
    const origin: TrailOrigin = { deps: deps.core, actor, t, exceptChat: c.get('chat') };
    try {
      if (text(form, 'confirm') !== '1') throw new FormProblem('请勾选“我已核对以上内容”确认后再提交。');
      const saved = await step(origin, current, action, form, r.intake);
      const last = saved.history.at(-1);
      await audit(deps, c, `case.${action}`, { target: `case:${saved.number}`, detail: [trailLabels[action], last?.note ?? ''].filter(Boolean).join('；') });
      return c.redirect(`${caseLink(saved)}?done=${action}`, 303);
    } catch (e) {
      const message = e instanceof FormProblem ? e.message : errorText(e, t);
      if (!message) throw e;
      const latest = (await deps.core.stores.cases.get(current.id)) ?? current;
      const status = e instanceof DomainError && e.code === 'VERSION_CONFLICT' ? 409 : e instanceof DomainError && e.code === 'FORBIDDEN' ? 403 : 400;
      return r.detail(c, latest, { error: message, status, typed });
    }
  };
}

/** The date asked for, as the form's default shows it: an approval on that day grants exactly what was asked. */
const pending = (c: Case): Date => c.extensions?.find((x) => !x.decision)?.deadline ?? new Date(0);

async function step(o: TrailOrigin, c: Case, action: TrailForm, form: FormBody, intake: TrailRouteDeps['intake']): Promise<Case> {
  switch (action) {
    case 'issue_notice':
      return issueNotice(o, c);
    case 'serve_notice': {
      const push = text(form, 'push') === '1';
      const inPerson = text(form, 'in_person') === '1';
      if (!push && !inPerson) throw new FormProblem('请选择送达方式：推送至企业聊天，或现场送达纸质文书。');
      return serveNotice(o, c, { push, inPerson });
    }
    case 'record_receipt': {
      const signer = text(form, 'signer');
      if (!signer) throw new FormProblem('请填写签收人姓名。');
      const photos = files(form, 'photos');
      if (photos.length === 0) throw new DomainError('ATTACHMENT_REQUIRED', 'the signed 送达回证 is required');
      return saveTrail(o, c.id, { action: 'acknowledge_notice', receipt: { signer, photos: await intake(photos) } });
    }
    case 'decide_extension': {
      const decision = text(form, 'decision');
      if (decision !== 'approve' && decision !== 'refuse') throw new FormProblem('请选择“同意延期”或“不同意”。');
      const deadline = text(form, 'deadline');
      return saveTrail(o, c.id, {
        action: 'decide_extension',
        id: text(form, 'requestId'),
        approve: decision === 'approve',
        reason: text(form, 'reason'),
        // An unreadable date is refused by the domain (DEADLINE_IN_PAST) rather than quietly ignored.
        ...(decision === 'approve' && deadline && deadline !== isoDay(pending(c)) && { deadline: dayEnd(deadline) ?? new Date(Number.NaN) }),
      });
    }
    case 'record_acceptance':
      return saveTrail(o, c.id, { action: 'record_acceptance', opinion: text(form, 'opinion'), photos: await intake(files(form, 'photos')) });
  }
}
