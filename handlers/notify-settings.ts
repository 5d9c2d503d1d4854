import { isOfficial } from '../domain/index.js';
import type { NotifyPrefs, Outbound } from '../domain/index.js';
import type { Ctx } from './context.js';
import { formatDateTime, text } from './format.js';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** `/notify [quiet H-H | quiet off | digest on | digest off]`: a person's own quiet hours and daily digest. */
export async function notifySettings(ctx: Ctx, args: string): Promise<Outbound[]> {
  const me = ctx.identity;
  if (!me || !(isOfficial(me) || me.role === 'enterprise' || me.role === 'expert')) return [text(ctx.t('error.FORBIDDEN'))];
  const [what = '', value = ''] = args.toLowerCase().split(/\s+/).filter(Boolean);
  let prefs: NotifyPrefs = { ...me.notify };
  if (what === 'quiet') {
    const m = /^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/.exec(value);
    if (value === 'off') prefs = { ...prefs, quietHours: undefined };
    else if (m && m[1] !== m[2]) prefs = { ...prefs, quietHours: { from: Number(m[1]) * 60, to: Number(m[2]) * 60 } };
    else return [text(ctx.t('notify.settings', summary(ctx, prefs)))];
  } else if (what === 'digest' && (value === 'on' || value === 'off')) {
    prefs = { ...prefs, digest: value === 'on' };
  } else {
    return [text(ctx.t('notify.settings', summary(ctx, prefs)))];
  }
  const updated = { ...me, notify: prefs };
  await ctx.deps.stores.identities.update(updated);
  ctx.identity = updated;
  return [text(`${ctx.t('notify.settingsSaved')}\n${ctx.t('notify.settings', summary(ctx, prefs))}`)];
}

function summary(ctx: Ctx, p: NotifyPrefs) {
  return {
    quiet: p.quietHours ? `${hhmm(p.quietHours.from)}–${hhmm(p.quietHours.to)}` : ctx.t('notify.off'),
    digest: p.digest ? ctx.t('notify.on') : ctx.t('notify.off'),
  };
}

/** `/inbox`: the latest notifications, marked read once shown. */
export async function inbox(ctx: Ctx): Promise<Outbound[]> {
  const repo = ctx.deps.notifications;
  if (!repo || !ctx.identity) return [text(ctx.t('notify.none'))];
  const page = await repo.list(ctx.identity.id, { limit: 10 });
  if (page.items.length === 0) return [text(ctx.t('notify.none'))];
  await repo.markRead(ctx.identity.id, page.items.map((n) => n.id), ctx.deps.clock.now());
  const lines = page.items.map((n) => `${n.readAt ? '·' : '•'} ${formatDateTime(n.createdAt, ctx.locale)} ${n.text}`);
  const open = [...new Set(page.items.flatMap((n) => (n.caseNumber ? [n.caseNumber] : [])))].slice(0, 5);
  return [text([ctx.t('notify.inboxTitle'), ...lines].join('\n'), open.map((number) => [{ label: number, value: `c:${number}` }]))];
}
