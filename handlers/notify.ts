import { pushDecision, quietEnd, isDomainError } from '../domain/index.js';
import type { CaseNotice } from '../domain/case-outbox.js';
import type { Case, Choice, Identity, NotificationKind, Outbound, Town } from '../domain/index.js';
import { translator, type Translate } from '../locales/index.js';
import type { HandlerDeps } from './context.js';
import { truncate } from './format.js';

/** Best-effort pushes: a failed push is logged, never undoes the case change that caused it. */
export async function push(deps: HandlerDeps, chats: string[], messages: Outbound[]): Promise<void> {
  if (!deps.chat) return;
  for (const chat of chats) {
    try {
      await deps.chat.send(chat, messages);
    } catch (e) {
      deps.log.warn({ err: (e as Error).message, caseChat: chat.split(':')[0] }, 'push failed');
    }
  }
}

export interface PersonalNotice {
  kind: NotificationKind;
  /** Stable per event, so a retried event notifies each person once. */
  eventKey: string;
  caseNumber?: string;
  /** Urgent notices (escalations, major hazards) ignore quiet hours and the digest. */
  urgent?: boolean;
  text: (t: Translate) => string;
  choices?: (t: Translate) => Choice[][];
}

/**
 * Tells each person on every chat they are bound to (web chat, Telegram, WeCom), and keeps it in their inbox
 * (the dashboard badge). Quiet hours hold a push until they end; the digest option holds it for the daily
 * summary; an urgent notice goes at once. `exceptChat` is the chat the person is acting in right now.
 */
export async function notifyPeople(deps: HandlerDeps, people: Identity[], notice: PersonalNotice, exceptChat?: string): Promise<void> {
  const now = deps.clock.now();
  const t = translator(deps.defaultLocale);
  const body = notice.text(t);
  const message: Outbound = { kind: 'text', text: body, ...(notice.choices && { choices: notice.choices(t) }) };
  for (const person of new Map(people.map((p) => [p.id, p])).values()) {
    const id = `${notice.eventKey}:${person.id}`;
    const urgent = notice.urgent ?? false;
    if (deps.notifications) {
      try {
        await deps.notifications.insert({ id, identityId: person.id, kind: notice.kind, text: body, urgent, createdAt: now, ...(notice.caseNumber && { caseNumber: notice.caseNumber }) });
      } catch (e) {
        // Already recorded: whether it was pushed too is the markPushed claim's to say (a process may have died
        // in between), so a retried event pushes what the first attempt did not, and nothing twice.
        if (!isDomainError(e, 'DUPLICATE')) throw e;
      }
    }
    const decision = pushDecision(person.notify, urgent, now);
    if (decision === 'quiet' && person.notify?.quietHours) {
      await deps.scheduleNotificationFlush?.(person.id, quietEnd(person.notify, now));
      continue;
    }
    if (decision === 'digest') continue;
    if (deps.notifications && !(await deps.notifications.markPushed(id, now))) continue;
    const chats = (await deps.stores.identities.chatsOf(person.id)).filter((c) => c !== exceptChat);
    await push(deps, chats, [message]);
  }
}

/** A notice rendered for the case-change outbox (domain/case-outbox.ts), in the words notifyPeople would use. */
export function caseNotice(deps: HandlerDeps, people: Identity[], notice: PersonalNotice, exceptChat?: string): CaseNotice {
  const t = translator(deps.defaultLocale);
  return {
    kind: notice.kind,
    eventKey: notice.eventKey,
    ...(notice.caseNumber && { caseNumber: notice.caseNumber }),
    ...(notice.urgent && { urgent: true }),
    text: notice.text(t),
    ...(notice.choices && { choices: notice.choices(t) }),
    people: [...new Set(people.map((p) => p.id))],
    ...(exceptChat && { exceptChat }),
  };
}

/** Delivers recorded notices: each person once per event, however often it is called (see notifyPeople). */
export async function deliverNotices(deps: HandlerDeps, notices: CaseNotice[]): Promise<void> {
  for (const { people: ids, exceptChat, text, choices, ...notice } of notices) {
    const people = (await Promise.all(ids.map((id) => deps.stores.identities.get(id)))).filter((p): p is Identity => p !== null);
    await notifyPeople(deps, people, { ...notice, text: () => text, ...(choices && { choices: () => choices }) }, exceptChat);
  }
}

/** Sends what quiet hours or the digest held for a person, as one message; idempotent per notification. */
export async function flushNotifications(deps: HandlerDeps, identityId: string, mode: 'quiet' | 'digest'): Promise<number> {
  const repo = deps.notifications;
  if (!repo) return 0;
  const person = await deps.stores.identities.get(identityId);
  if (!person) return 0;
  const now = deps.clock.now();
  if (mode === 'quiet' && pushDecision(person.notify, false, now) !== 'now') return 0;
  const held = [];
  for (const n of await repo.unpushed(identityId)) if (await repo.markPushed(n.id, now)) held.push(n);
  if (held.length === 0) return 0;
  const t = translator(deps.defaultLocale);
  const text = held.length === 1 ? held[0]!.text : t('notify.digest', { n: held.length, items: held.map((n) => `· ${truncate(n.text, 120)}`).join('\n') });
  await push(deps, await deps.stores.identities.chatsOf(identityId), [{ kind: 'text', text }]);
  return held.length;
}

/** The officials of a case's town; with no town, the county officials on duty. */
export async function officialsFor(deps: HandlerDeps, townId: string | undefined): Promise<Identity[]> {
  const ids = deps.stores.identities;
  return townId ? ids.list({ role: 'town_official', townId }) : ids.list({ role: 'county_official' });
}

export const countyOfficials = (deps: HandlerDeps): Promise<Identity[]> => deps.stores.identities.list({ role: 'county_official' });

/** The accounts that speak for the case's enterprise (企业安全负责人). */
export async function enterpriseAccounts(deps: HandlerDeps, c: Pick<Case, 'enterpriseId' | 'townId'>): Promise<Identity[]> {
  if (!c.enterpriseId) return [];
  const all = await deps.stores.identities.list({ role: 'enterprise', ...(c.townId && { townId: c.townId }) });
  return all.filter((i) => i.enterpriseId === c.enterpriseId);
}

const openChoice = (c: Case) => (t: Translate) => [[{ label: t('case.open'), value: `c:${c.number}` }]];

/**
 * A new case: the town's bound groups hear of it as before, and every official of its scope personally
 * (the county duty officials when no town could be determined).
 */
export async function notifyNewCase(deps: HandlerDeps, c: Case): Promise<void> {
  const town = c.townId ? await deps.stores.towns.get(c.townId) : null;
  const t = translator(deps.defaultLocale);
  if (town?.groupChats.length) {
    const body = t('notify.newCase', { number: c.number, town: town.name, description: truncate(c.description, 200) });
    await push(deps, town.groupChats, [{ kind: 'text', text: body, choices: openChoice(c)(t) }]);
  }
  await notifyCaseOfficials(deps, c, town);
}

/**
 * The officials' personal notices of a new case: once per person however often it is called (the notification
 * record is the claim), so a repeated submit may call it to make up for a first one that died before it.
 */
export async function notifyCaseOfficials(deps: HandlerDeps, c: Case, knownTown?: Town | null): Promise<void> {
  const town = knownTown !== undefined ? knownTown : c.townId ? await deps.stores.towns.get(c.townId) : null;
  const description = truncate(c.description, 200);
  const townName = town?.name ?? '';
  const text = (tr: Translate) => {
    if (c.source === 'anonymous_tip') return tr('notify.newTip', { number: c.number, town: townName || tr('case.townUnassigned'), description });
    if (!c.townId) return tr('notify.newCaseDuty', { number: c.number, description });
    if (c.status === 'registered') return tr('notify.newCaseAuto', { number: c.number, town: townName, description });
    return tr('notify.newCaseConfirm', { number: c.number, town: townName, description });
  };
  await notifyPeople(deps, await officialsFor(deps, c.townId), {
    kind: c.source === 'anonymous_tip' ? 'new_tip' : 'new_case',
    eventKey: `new:${c.id}`,
    caseNumber: c.number,
    urgent: false,
    text,
    choices: openChoice(c),
  });
}

