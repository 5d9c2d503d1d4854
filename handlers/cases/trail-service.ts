import { applySupervision, DomainError } from '../../domain/index.js';
import type { CaseNotice, CasePush } from '../../domain/case-outbox.js';
import type { Actor, Case, Outbound, SupervisionCommand } from '../../domain/index.js';
import type { MessageKey, Translate } from '../../locales/index.js';
import { saveCaseChange } from '../case-change.js';
import type { HandlerDeps } from '../context.js';
import { DOCX_MIME } from '../document-port.js';
import { formatDate } from '../format.js';
import { caseNotice, countyOfficials, enterpriseAccounts, officialsFor } from '../notify.js';

/**
 * The 挂牌督办 trail's steps with their side effects (the .docx and its 文号, the pushes), shared by the
 * chat (trail-actions.ts) and the dashboard: the same domain command, the same people told.
 */
export interface TrailOrigin {
  deps: HandlerDeps;
  actor: Actor;
  /** The words of the pushes this step sends (the actor's language). */
  t: Translate;
  /** The chat the actor works in: never pushed to about their own step. */
  exceptChat?: string;
}

/**
 * Applies a trail command to the latest stored case (compare-and-set); whoever must hear of it is told through the
 * change's outbox record, as are the `pushes` the step names for the case it writes (at the version it writes).
 */
export async function saveTrail(
  o: TrailOrigin,
  caseId: string,
  cmd: SupervisionCommand,
  pushes?: (next: Case, version: number) => Promise<CasePush[]>,
): Promise<Case> {
  const { deps } = o;
  const c = await deps.stores.cases.get(caseId);
  if (!c) throw new DomainError('NOT_FOUND', 'case gone');
  const next = applySupervision(c, cmd, o.actor, deps.clock.now());
  // The one write path of case changes (re-planning, and whatever pushes and notices a change owes).
  const owed = { notices: await noticesFor(o, next, cmd), pushes: (await pushes?.(next, c.version + 1)) ?? [] };
  const saved = await saveCaseChange(deps, c, next, o.exceptChat, owed);
  deps.log.info({ caseNumber: saved.number, action: cmd.action, actor: o.actor.id }, 'case supervision step');
  return saved;
}

/** 下达: takes the next 文号 only once the step is open to the actor, stores the .docx, records the notice. */
export async function issueNotice(o: TrailOrigin, c: Case): Promise<Case> {
  const docs = o.deps.documents;
  if (!docs) throw new DomainError('FORBIDDEN', 'documents are not configured');
  const now = o.deps.clock.now();
  // The domain's guards first: a refused step must not use up a 文号.
  applySupervision(c, { action: 'issue_notice', docNumber: '—' }, o.actor, now);
  const docNumber = await docs.nextNoticeNumber(now);
  const { docx } = await docs.supervisionNotice(c, docNumber, now);
  const stored = await o.deps.stores.media.put(docx, { mime: DOCX_MIME });
  return saveTrail(o, c.id, { action: 'issue_notice', docNumber, documentId: stored.id });
}

/**
 * 送达: the notice's text goes to every chat of the enterprise's accounts with a 签收 button (`push`), and/or
 * it was handed over on paper (`inPerson`). The case records the channels, never the chat ids.
 */
export async function serveNotice(o: TrailOrigin, c: Case, how: { push: boolean; inPerson?: boolean }): Promise<Case> {
  const { deps } = o;
  const accounts = how.push ? await enterpriseAccounts(deps, c) : [];
  const chats = (await Promise.all(accounts.map((a) => deps.stores.identities.chatsOf(a.id)))).flat();
  const via = [...new Set(chats.map((ch) => ch.slice(0, ch.indexOf(':')))), ...(how.inPerson ? ['in_person'] : [])];
  // The notice's text with a 签收 button for the version this step writes, to every chat of the enterprise's accounts.
  const served = async (next: Case, version: number): Promise<CasePush[]> => {
    if (chats.length === 0) return [];
    const notice = next.notice!;
    const body = deps.documents ? (await deps.documents.supervisionNotice(next, notice.docNumber, notice.issuedAt)).text : notice.docNumber;
    const messages: Outbound[] = [
      {
        kind: 'text',
        text: o.t('notice.sent', { doc: notice.docNumber, body }),
        choices: [[{ label: o.t('notice.ackButton'), value: `a:${next.number}:acknowledge_notice:${version}` }]],
      },
    ];
    return chats.map((target) => ({ target, messages }));
  };
  return saveTrail(o, c.id, { action: 'serve_notice', via }, served);
}

/** Who must hear of a trail step besides the person taking it, as notices the change records. */
async function noticesFor(o: TrailOrigin, c: Case, cmd: SupervisionCommand): Promise<CaseNotice[]> {
  const { deps } = o;
  const open = (t: (k: MessageKey) => string) => [[{ label: t('case.open'), value: `c:${c.number}` }]];
  const enterprise = c.enterpriseName ?? '';
  if (cmd.action === 'acknowledge_notice') {
    const people = [...(await countyOfficials(deps)), ...(await officialsFor(deps, c.townId))].filter((p) => p.id !== o.actor.id);
    return [caseNotice(deps, people, {
      kind: 'notice_acknowledged', eventKey: `ack:${c.id}:${c.notice!.docNumber}`, caseNumber: c.number,
      text: (t) => t('notice.acknowledgedPush', { enterprise, doc: c.notice!.docNumber, number: c.number }), choices: open,
    }, o.exceptChat)];
  }
  if (cmd.action === 'request_extension') {
    return [caseNotice(deps, await officialsFor(deps, c.townId), {
      kind: 'extension', eventKey: `ext:${cmd.id}`, caseNumber: c.number,
      text: (t) => t('notify.extensionRequested', { enterprise, number: c.number, date: formatDate(cmd.deadline, deps.defaultLocale) }), choices: open,
    }, o.exceptChat)];
  }
  if (cmd.action === 'decide_extension') {
    return [caseNotice(deps, await enterpriseAccounts(deps, c), {
      kind: 'extension', eventKey: `extd:${cmd.id}`, caseNumber: c.number,
      text: (t) => t('notify.extensionDecided', { number: c.number, decision: t(cmd.approve ? 'flow.approveExtension' : 'flow.refuseExtension'), reason: cmd.reason }), choices: open,
    }, o.exceptChat)];
  }
  return [];
}
