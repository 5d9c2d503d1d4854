import { roles, isOfficial } from '../../domain/index.js';
import type { Case, CaseEvent, Locale } from '../../domain/index.js';
import { hasMessage, type MessageKey, type Translate } from '../../locales/index.js';
import { formatDate, formatDateTime, truncate } from '../format.js';

/**
 * One case event as a person reads it, in their language: the action, who acted (officials by name when
 * known, the system with its rule, never a reporter's or tipster's identity) and a localized note.
 */
export interface HistoryLine {
  at: string;
  action: string;
  actor: string;
  note?: string;
}

const LEGACY_SUPERVISION_NOTE = 'supervision updated';

export function describeEvent(c: Case, e: CaseEvent, t: Translate, locale: Locale, names: ReadonlyMap<string, string> = new Map()): HistoryLine {
  const note = [noteOf(c, e, t, locale), levelNote(c, e, t)].filter(Boolean).join('；') || undefined;
  return { at: formatDateTime(e.at, locale), action: t(`action.${e.action}` as MessageKey), actor: actorOf(c, e, t, names), note };
}

/** The 监管层级 change this event made, if any (domain/supervision-level.ts keeps them as their own trail). */
function levelNote(c: Case, e: CaseEvent, t: Translate): string | undefined {
  const change = c.levelHistory?.find((x) => x.at.getTime() === e.at.getTime() && x.action === e.action);
  return change && t('history.levelChanged', { from: t(`level.${change.from ?? 'none'}`), to: t(`level.${change.to}`) });
}

function actorOf(c: Case, e: CaseEvent, t: Translate, names: ReadonlyMap<string, string>): string {
  if (e.actorRole === 'system' || e.actorId === 'system') return t('history.system');
  const role = roles.find((r) => r === e.actorRole);
  if (role && (isOfficial({ role }) || role === 'expert' || role === 'enterprise')) {
    const label = t(`role.${role}`);
    const name = names.get(e.actorId);
    return name ? `${name}（${label}）` : label;
  }
  // Reporters are never named; a tipster is not even "the reporter".
  return c.source === 'anonymous_tip' ? t('source.anonymous_tip') : t('role.worker');
}

function ruleText(rule: string, t: Translate): string | undefined {
  const key = `dispatch.rule.${rule}`;
  if (hasMessage(key)) return t('history.rule', { rule: t(key) });
  const overdue = /^overdue_(\d+)d$/.exec(rule);
  if (overdue) return t('history.escalatedOverdue', { days: Number(overdue[1]) });
  return undefined;
}

function noteOf(c: Case, e: CaseEvent, t: Translate, locale: Locale): string | undefined {
  if (e.action === 'update_supervision') {
    const fields = (e.changed ?? []).map((f) => (hasMessage(`supervision.${f}`) ? t(`supervision.${f}` as MessageKey) : f));
    return fields.length ? t('history.supervisionFields', { fields: fields.join('、') }) : undefined;
  }
  if (e.action === 'decide_extension' && e.note) {
    return t(e.rule === 'extension_approved' ? 'history.extensionApproved' : 'history.extensionRefused', { reason: truncate(e.note, 120) });
  }
  if (e.action === 'request_extension' && e.note) {
    const req = c.extensions?.find((x) => x.requestedAt.getTime() === e.at.getTime());
    return req ? t('history.extensionTo', { date: formatDate(req.deadline, locale), reason: truncate(e.note, 120) }) : truncate(e.note, 120);
  }
  const rule = e.rule ? ruleText(e.rule, t) : undefined;
  // Notes written by the system before events named their rule (e.g. the old "supervision updated").
  const note = e.note && e.note !== LEGACY_SUPERVISION_NOTE ? truncate(e.note, 120) : undefined;
  return [rule, note].filter(Boolean).join(' ') || undefined;
}

export const HISTORY_PAGE = 8;

/** The page of a case's history, newest page last like a chat; page 0 is the newest. */
export function historyPage(c: Case, page: number): { events: CaseEvent[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(c.history.length / HISTORY_PAGE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const end = c.history.length - p * HISTORY_PAGE;
  return { events: c.history.slice(Math.max(0, end - HISTORY_PAGE), end), page: p, pages };
}
