import { intentId, type CaseChangeIntent, type CaseNotice, type CasePush } from '../domain/case-outbox.js';
import type { Case, ChatRef } from '../domain/index.js';
import { translator } from '../locales/index.js';
import type { HandlerDeps } from './context.js';
import { caseLine } from './format.js';
import { deliverNotices, push } from './notify.js';

/** What a change owes the reporter (never an anonymous tipster: they have no identity): a line when the status moved. */
async function reporterPushes(deps: HandlerDeps, before: Case, next: Case, exceptChat?: ChatRef): Promise<CasePush[]> {
  if (!next.reporterId || next.status === before.status) return [];
  const chats = (await deps.stores.identities.chatsOf(next.reporterId)).filter((x) => x !== exceptChat);
  const t = translator(deps.defaultLocale);
  const messages = [{ kind: 'text' as const, text: t('notify.reporterUpdate', { line: caseLine(next, t, deps.defaultLocale) }) }];
  return chats.map((target) => ({ target, messages }));
}

/**
 * Writes a case change (compare-and-set on its version), re-plans what hangs on it, and pushes what it owes: the
 * reporter's line, and what the caller names: personal `notices` (rendered with `caseNotice`) and other `pushes`
 * (a document served on an enterprise). With the outbox wired
 * (handlers/case-push-port.ts) both are recorded before the write, so a process that dies right after the write
 * still has them sent, once, by another; without it (a handler test) they go out directly.
 */
export async function saveCaseChange(
  deps: HandlerDeps,
  before: Case,
  next: Case,
  exceptChat?: ChatRef,
  owed: { notices?: CaseNotice[]; pushes?: CasePush[] } = {},
): Promise<Case> {
  const pushes = [...(await reporterPushes(deps, before, next, exceptChat)), ...(owed.pushes ?? [])];
  const notices = owed.notices ?? [];
  const tipMoved = next.source === 'anonymous_tip' && next.status !== before.status;
  // A change that pushes always adds its history event: that event is how a sweeper recognises it on the case.
  const event = next.history.length > before.history.length ? next.history.at(-1) : undefined;
  const outbox = (pushes.length > 0 || notices.length > 0 || tipMoved) && event ? deps.casePushes : undefined;
  let intent: CaseChangeIntent | undefined;
  if (outbox && event) {
    const mark = { at: event.at, actorId: event.actorId, action: event.action };
    const version = before.version + 1;
    intent = {
      id: intentId(next.id, version, mark),
      caseId: next.id,
      version,
      event: mark,
      pushes,
      ...(notices.length > 0 && { notices }),
      ...(tipMoved && { tipMoved }),
      recordedAt: deps.clock.now(),
    };
    await outbox.record(intent);
  }
  let saved: Case;
  try {
    saved = await deps.stores.cases.update(next);
  } catch (e) {
    if (intent) await outbox?.discard(intent).catch(() => undefined); // else the sweeper drops it: the case never shows it
    throw e;
  }
  await deps.onCaseChanged?.(saved);
  if (intent) {
    // onCaseChanged just told the tip service; the intent's tipMoved is for a sweeper when this process dies first.
    const { tipMoved: _told, ...rest } = intent;
    await outbox?.deliver(rest);
  } else {
    for (const p of pushes) await push(deps, [p.target], p.messages);
    await deliverNotices(deps, notices);
  }
  return saved;
}
