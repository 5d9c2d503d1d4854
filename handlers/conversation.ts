import { randomUUID } from 'node:crypto';
import { ChatBusyError } from '../domain/chat-lock.js';
import type { Inbound, Outbound } from '../domain/index.js';
import { negotiateLocale, translator } from '../locales/index.js';
import { actionChoice, actionPhotos, actionText, startAction } from './cases/actions.js';
import { caseDetail } from './cases/detail.js';
import { listCases } from './cases/list.js';
import { loadVisibleCase } from './cases/visibility.js';
import { actorOf, type Ctx, type HandlerDeps } from './context.js';
import { loadDialog, saveDialog } from './dialog-state.js';
import { errorText } from './errors.js';
import { serviceChoice, serviceCommand, serviceText } from './experts/chat.js';
import { text } from './format.js';
import { cleanInbound, refuseText } from './inbound-text.js';
import { addUser, listTowns } from './admin.js';
import { deadlinesOverview, supervisionLetter, taskAttachment, taskBoard, taskChoice } from './deadlines.js';
import { intakePhoto } from './media/photo-intake.js';
import { dashboardCommand } from './dashboard-link.js';
import { inbox, notifySettings } from './notify-settings.js';
import { ask, handbook } from './knowledge-replies.js';
import { intentOf } from './intent-phrases.js';
import { help, menu } from './menu.js';
import { reportChoice, reportLocation, reportPhotos, reportText, resumePrompt, startReport } from './report/dialog.js';
import { bindByInvite, bindGroup, createInvite } from './officials/invites.js';
import { tipCheckText, tipChoice, tipCommand, tipLocation, tipPhotos, tipText } from './tips/dialog.js';
import type { ConversationHandler } from './types.js';

/** Words people type instead of commands; the menu buttons send the same. */
const keywordCommands: Record<string, string> = {
  专家服务: 'service',
  上报: 'report', 上报隐患: 'report', 报告隐患: 'report', 我的案件: 'cases', 案件: 'cases', 帮助: 'help', 菜单: 'menu', 取消: 'cancel',
  举报: 'tip', 匿名举报: 'tip',
  report: 'report', cases: 'cases', help: 'help', menu: 'menu', cancel: 'cancel',
};

export function parseCommand(s: string): { command: string; args: string } | undefined {
  const m = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(s.trim());
  return m ? { command: (m[1] ?? '').toLowerCase(), args: (m[2] ?? '').trim() } : undefined;
}

export function createConversationHandler(deps: HandlerDeps): ConversationHandler {
  return {
    async handle(raw) {
      // Refused before any store is touched: megabytes of text, or text that is only invisible characters.
      const inbound = cleanInbound(raw);
      const refused = refuseText(inbound, deps.defaultLocale);
      if (refused) return refused;
      // In a group the person pressing a button acts (as their bound identity) with a dialog of their own.
      const dialogKey = inbound.sender ? `${inbound.chat}~${inbound.sender}` : inbound.chat;
      if (!deps.chatLock) return step(deps, inbound, dialogKey);
      try {
        return await deps.chatLock.run(dialogKey, () => step(deps, inbound, dialogKey));
      } catch (e) {
        if (!(e instanceof ChatBusyError)) throw e;
        deps.log.warn({ err: e.message }, 'dialog step not run: its chat stayed busy');
        return [text(translator(negotiateLocale(inbound.locale, deps.defaultLocale))('error.chatBusy'))];
      }
    },
  };
}

async function step(deps: HandlerDeps, inbound: Inbound, dialogKey: string): Promise<Outbound[]> {
  const [identity, loaded] = await Promise.all([
    deps.stores.identities.byChat(inbound.sender ?? inbound.chat),
    loadDialog(deps.stores.dialogs, dialogKey),
  ]);
  const { state } = loaded;
  const locale = state.locale ?? negotiateLocale(inbound.locale, deps.defaultLocale);
  const ctx: Ctx = {
    deps,
    chat: inbound.chat,
    identity,
    actor: actorOf(identity, inbound.chat),
    locale,
    t: translator(locale),
    state,
    senderName: inbound.senderName,
    sender: inbound.sender,
  };
  let replies: Outbound[];
  try {
    replies = await route(ctx, inbound);
  } catch (e) {
    const msg = errorText(e, ctx.t);
    if (!msg) {
      const ref = randomUUID().slice(0, 8);
      deps.log.error({ err: e instanceof Error ? e.stack : String(e), ref }, 'handler failed');
      replies = [text(ctx.t('error.internal', { ref }))];
    } else {
      replies = [text(msg)];
    }
  }
  // Saved after every step, also after an error, so the draft survives whatever happened. A step of the same
  // chat that saved first (another replica, past the chat lock) wins; this one is answered "send it again".
  if (!(await saveDialog(deps.stores.dialogs, dialogKey, ctx.state, loaded.version))) {
    deps.log.warn({ version: loaded.version }, 'dialog step lost a compare-and-set: asked to resend');
    return [text(ctx.t('error.chatBusy'))];
  }
  return replies;
}

async function route(ctx: Ctx, inbound: Inbound): Promise<Outbound[]> {
  const flow = ctx.state.flow;
  switch (inbound.kind) {
    case 'command':
      return command(ctx, inbound.command.toLowerCase(), inbound.args);
    case 'text': {
      const cmd = parseCommand(inbound.text);
      if (cmd) return command(ctx, cmd.command, cmd.args);
      const kw = keywordCommands[inbound.text.trim()];
      if (kw) return command(ctx, kw, '');
      if (flow?.kind === 'report') return reportText(ctx, flow, inbound.text);
      if (flow?.kind === 'action') return actionText(ctx, flow, inbound.text);
      if (flow?.kind === 'tip') return tipText(ctx, flow, inbound.text);
      if (flow?.kind === 'tip_check') return tipCheckText(ctx, flow, inbound.text);
      if (flow?.kind === 'expert') return serviceText(ctx, flow, inbound.text);
      if (flow?.kind === 'task') return [text(ctx.t('tasks.askAttachment'))];
      const intent = intentOf(inbound.text);
      if (intent?.command === 'tipCheckHowTo') return [text(ctx.t('tip.checkHowTo'))];
      if (intent) return command(ctx, intent.command, intent.args);
      if (ctx.deps.knowledge) return ask(ctx, inbound.text);
      return [text(ctx.t('common.notUnderstood')), ...menu(ctx)];
    }
    case 'photo':
      if (flow?.kind === 'report') return reportPhotos(ctx, flow, inbound.media, inbound.caption);
      if (flow?.kind === 'action') return actionPhotos(ctx, flow, inbound.media);
      if (flow?.kind === 'tip') return tipPhotos(ctx, flow, inbound.media, inbound.caption);
      if (flow?.kind === 'task') {
        const first = inbound.media[0];
        const photo = first && (await intakePhoto(first, ctx.deps.photoLimits, ctx.deps.stores.media, { keepEvidence: false }));
        return taskAttachment(ctx, flow.taskId, photo);
      }
      // A photo out of the blue most likely starts a report: keep it in a new draft.
      startReport(ctx);
      return reportPhotos(ctx, ctx.state.flow as Extract<typeof ctx.state.flow, { kind: 'report' }>, inbound.media, inbound.caption);
    case 'location':
      if (flow?.kind === 'report') return reportLocation(ctx, flow, inbound);
      if (flow?.kind === 'tip') return tipLocation(ctx, flow);
      return [text(ctx.t('report.locationOutsideReport'))];
    case 'choice':
      return choice(ctx, inbound.value);
    case 'unsupported':
      return [text(ctx.t('common.unsupported'))];
  }
}

async function command(ctx: Ctx, cmd: string, args: string): Promise<Outbound[]> {
  switch (cmd) {
    case 'start':
    case 'menu':
      if (ctx.state.flow?.kind === 'report') return [text(ctx.t('report.draftKept')), ...resumePrompt(ctx, ctx.state.flow)];
      return menu(ctx, cmd === 'start');
    case 'help':
      return help(ctx);
    case 'report':
      if (ctx.state.flow?.kind === 'report') return [text(ctx.t('report.draftKept')), ...resumePrompt(ctx, ctx.state.flow)];
      return startReport(ctx);
    case 'cases':
      return listCases(ctx);
    case 'case':
      if (!args) return [text(ctx.t('case.usage'))];
      return caseDetail(ctx, await loadVisibleCase(ctx, args));
    case 'cancel':
      ctx.state.flow = undefined;
      return [text(ctx.t('common.cancelled')), ...menu(ctx)];
    case 'lang': {
      const next = args.startsWith('en') ? 'en' : args.startsWith('zh') ? 'zh-CN' : ctx.locale === 'en' ? 'zh-CN' : 'en';
      ctx.state.locale = next;
      ctx.locale = next;
      ctx.t = translator(next);
      return [text(ctx.t('common.langSet')), ...menu(ctx)];
    }
    case 'ask':
      return ask(ctx, args);
    case 'handbook':
      return handbook(ctx, args);
    case 'deadlines':
      return deadlinesOverview(ctx);
    case 'tasks':
      return taskBoard(ctx);
    case 'letter':
      if (!args) return [text(ctx.t('case.usage'))];
      return supervisionLetter(ctx, (await loadVisibleCase(ctx, args)).id);
    case 'tip':
      return tipCommand(ctx, args);
    case 'invite':
      return createInvite(ctx, args);
    case 'bind':
      return bindByInvite(ctx, args);
    case 'bindgroup':
      return bindGroup(ctx, args);
    case 'adduser':
      return addUser(ctx, args);
    case 'towns':
      return listTowns(ctx);
    case 'dashboard':
      return dashboardCommand(ctx);
    case 'service':
      return serviceCommand(ctx);
    case 'notify':
      return notifySettings(ctx, args);
    case 'inbox':
    case 'notifications':
      return inbox(ctx);
    case 'whoami':
      return [text(ctx.identity ? ctx.t('account.whoami', { name: ctx.identity.displayName, role: ctx.t(`role.${ctx.identity.role}`) }) : ctx.t('account.anonymous'))];
    default:
      return [text(ctx.t('common.unknownCommand', { command: cmd })), ...help(ctx)];
  }
}

async function choice(ctx: Ctx, value: string): Promise<Outbound[]> {
  const flow = ctx.state.flow;
  if (value.startsWith('m:')) {
    const m = value.slice(2);
    if (m === 'ask') return [text(ctx.t('ask.prompt'))];
    if (m === 'handbook') return [text(ctx.t('handbook.prompt'))];
    return command(ctx, m, '');
  }
  if (value.startsWith('c:')) return caseDetail(ctx, await loadVisibleCase(ctx, value.slice(2)));
  if (value.startsWith('h:')) {
    const [, number = '', page = '0'] = value.split(':');
    return caseDetail(ctx, await loadVisibleCase(ctx, number), Number(page) || 0);
  }
  if (value === 'l:next') return listCases(ctx, ctx.state.casesCursor);
  if (value.startsWith('a:')) return startAction(ctx, value);
  if (value.startsWith('x:')) return serviceChoice(ctx, value);
  if (value === 'k:cancel') {
    ctx.state.flow = undefined;
    return [text(ctx.t('common.cancelled'))];
  }
  if (value.startsWith('k:')) return taskChoice(ctx, value);
  if (value.startsWith('r:') && flow?.kind === 'report') return reportChoice(ctx, flow, value);
  if (value.startsWith('f:') && flow?.kind === 'action') return actionChoice(ctx, flow, value);
  if (value.startsWith('t:') && (flow?.kind === 'tip' || flow?.kind === 'tip_check')) return tipChoice(ctx, flow, value);
  return [text(ctx.t('error.staleButton'))];
}
