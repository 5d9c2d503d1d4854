import { html } from 'hono/html';
import { availableActions } from '../../domain/index.js';
import type { Actor, Case, CaseAction } from '../../domain/index.js';
import type { HandlerDeps } from '../../handlers/index.js';
import { enterpriseAccounts } from '../../handlers/notify.js';
import type { Html } from '../html/layout.js';
import { offeredTrailForms, trailFormsHtml, trailHint, type TypedForm } from './trail-forms.js';

/**
 * The 办理 section of a case page: the workflow's forms, then the 挂牌督办 trail's, each only when this
 * official may use it now. The 送达 form says how many chats the enterprise has bound for a push.
 */
export async function trailActionsHtml(
  core: HandlerDeps,
  c: Case,
  actor: Actor,
  now: Date,
  csrf: Html,
  typed: TypedForm | undefined,
  mainForms: (actions: Exclude<CaseAction, 'report'>[], extra?: Html) => Html,
): Promise<Html> {
  const main = availableActions(c, actor);
  const forms = offeredTrailForms(c, actor);
  const hint = trailHint(c, actor);
  if (forms.length === 0) return html`${mainForms(main)}${hint}`;
  const boundChats = forms.includes('serve_notice') ? await chatsOfEnterprise(core, c) : 0;
  const alone = main.length === 0 && forms.length === 1;
  return html`${mainForms(main, trailFormsHtml({ c, forms, csrf, boundChats, now, typed, alone }))}${hint}`;
}

async function chatsOfEnterprise(core: HandlerDeps, c: Case): Promise<number> {
  const accounts = await enterpriseAccounts(core, c);
  return (await Promise.all(accounts.map((a) => core.stores.identities.chatsOf(a.id)))).flat().length;
}
