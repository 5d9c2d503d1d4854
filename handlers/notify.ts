import type { Case, Outbound } from '../domain/index.js';
import { translator } from '../locales/index.js';
import type { HandlerDeps } from './context.js';
import { caseLine, truncate } from './format.js';

/** Best-effort pushes: a failed push is logged, never undoes the case change that caused it. */
async function push(deps: HandlerDeps, chats: string[], messages: Outbound[]): Promise<void> {
  if (!deps.chat) return;
  for (const chat of chats) {
    try {
      await deps.chat.send(chat, messages);
    } catch (e) {
      deps.log.warn({ err: (e as Error).message, caseChat: chat.split(':')[0] }, 'push failed');
    }
  }
}

export async function notifyNewCase(deps: HandlerDeps, c: Case): Promise<void> {
  if (!c.townId) return;
  const town = await deps.stores.towns.get(c.townId);
  if (!town?.groupChats.length) return;
  const t = translator(deps.defaultLocale);
  const body = t('notify.newCase', { number: c.number, town: town.name, description: truncate(c.description, 200) });
  await push(deps, town.groupChats, [{ kind: 'text', text: body, choices: [[{ label: t('case.open'), value: `c:${c.number}` }]] }]);
}

/** Tells the reporter (never an anonymous tipster: they have no identity) how their report moves. */
export async function notifyReporter(deps: HandlerDeps, c: Case, exceptChat: string): Promise<void> {
  if (!c.reporterId) return;
  const chats = (await deps.stores.identities.chatsOf(c.reporterId)).filter((x) => x !== exceptChat);
  const t = translator(deps.defaultLocale);
  await push(deps, chats, [{ kind: 'text', text: t('notify.reporterUpdate', { line: caseLine(c, t, deps.defaultLocale) }) }]);
}
