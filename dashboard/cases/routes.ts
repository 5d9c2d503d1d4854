import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { applyCommand, canSee, caseActions, DomainError, isCountyLevel, MAX_PHOTOS } from '../../domain/index.js';
import { tipRewards } from '../../domain/tips.js';
import type { Case, CaseAction, PhotoRef } from '../../domain/index.js';
import { thumbnail } from '../../handlers/index.js';
import { errorText } from '../../handlers/errors.js';
import { intakePhoto } from '../../handlers/media/photo-intake.js';
import { saveCaseChange } from '../../handlers/case-change.js';
import { DOCX_MIME } from '../../handlers/document-port.js';
import { translator, type MessageKey } from '../../locales/index.js';
import { audit } from '../audit/record.js';
import { isoDay } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { csrfField, page } from '../html/layout.js';
import { actionLabel, rewardLabels, statusLabel } from '../labels.js';
import { loadAll, visibleTowns } from '../scope.js';
import { sendWorkbook } from '../xlsx-download.js';
import { actionForms } from './action-forms.js';
import { commandFromForm, text, type FormBody } from './command-from-form.js';
import { caseDetailPage } from './detail-page.js';
import { caseFilterFor, readCaseQuery } from './filter.js';
import { caseLink, caseListPage } from './list-page.js';
import { rewardBlock } from './reward-form.js';
import { inboxBadge, inboxPage } from './inbox-page.js';
import { undeliveredBlock } from './undelivered.js';
import { isTrailForm, trailDoneText, type TypedForm } from './trail-forms.js';
import { trailActionsHtml } from './trail-page.js';
import { trailRoute } from './trail-post.js';

type Action = Exclude<CaseAction, 'report'>;
const t = translator('zh-CN');
const PAGE = 50;

export function caseRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { stores, clock } = deps.core;
  const townNames = async () => new Map((await stores.towns.list()).map((tw) => [tw.id, tw.name]));

  /** A case this official may see, else NOT_FOUND: another town's case looks exactly like a missing one. */
  const visibleCase = async (c: Context<DashEnv>): Promise<Case> => {
    const found = await stores.cases.getByNumber(c.req.param('number') ?? '');
    if (!found || !canSee(found, c.var.official.actor)) throw new DomainError('NOT_FOUND', 'case not found');
    return found;
  };

  app.get('/', async (c) => {
    const q = readCaseQuery(c.req.query());
    const actor = c.var.official.actor;
    const now = clock.now();
    const { filter, enterpriseMissing } = await caseFilterFor(q, actor, stores.enterprises, now);
    const [list, total, towns, unread] = await Promise.all([
      stores.cases.list(filter, { limit: PAGE, after: c.req.query('after') || undefined }),
      stores.cases.count(filter),
      visibleTowns(actor, stores.towns),
      deps.core.notifications?.unreadCount(c.var.official.identity.id) ?? 0,
    ]);
    return page(c, '隐患案件', html`${inboxBadge(unread)}${caseListPage({ q, actor, towns, cases: list.items, total, next: list.next, now, enterpriseMissing })}`);
  });

  // Before '/:number': the official's own notifications, marked read once shown.
  app.get('/inbox', async (c) => {
    const repo = deps.core.notifications;
    const me = c.var.official.identity.id;
    const items = repo ? (await repo.list(me, { limit: 50 })).items : [];
    if (repo && items.length) await repo.markRead(me, items.map((n) => n.id), clock.now());
    return page(c, '我的通知', inboxPage(items));
  });

  app.get('/export.xlsx', async (c) => {
    const q = readCaseQuery(c.req.query());
    const now = clock.now();
    const { filter } = await caseFilterFor(q, c.var.official.actor, stores.enterprises, now);
    const cases = await loadAll((p) => stores.cases.list(filter, p));
    await audit(deps, c, 'case.export', { detail: `${cases.length} 件；${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()}` });
    // ExcelJS loads with the first workbook asked for, not at start.
    const { casesWorkbook } = await import('./export-xlsx.js');
    return sendWorkbook(c, casesWorkbook(cases, await townNames(), now), `隐患案件_${isoDay(now)}.xlsx`, `cases-${isoDay(now)}.xlsx`);
  });

  const detail = async (c: Context<DashEnv>, found: Case, opts: { error?: string; status?: 400 | 403 | 409; typed?: TypedForm } = {}) => {
    const { actor } = c.var.official;
    const now = clock.now();
    const officials = [...new Set(found.history.filter((e) => e.actorRole !== 'worker').map((e) => e.actorId))];
    const identities = await Promise.all(officials.map((id) => stores.identities.get(id)));
    const actorNames = new Map(identities.flatMap((i) => (i ? [[i.id, i.displayName] as const] : [])));
    const towns = await visibleTowns(actor, stores.towns);
    const town = found.townId ? await stores.towns.get(found.townId) : null;
    const reward = found.source === 'anonymous_tip' && deps.core.tips ? await deps.core.tips.rewardOf(found.number) : undefined;
    const done = c.req.query('done');
    const notice =
      done === 'reward' && reward
        ? `举报奖励状态已更新为“${rewardLabels[reward]}”。`
        : done && caseActions.includes(done as CaseAction)
          ? t(`flow.done.${done}` as MessageKey, { number: found.number })
          : trailDoneText(done, found.number);
    // The workflow's forms, then the 挂牌督办 trail's (trail-page.ts).
    const actions = await trailActionsHtml(deps.core, found, actor, now, csrfField(c), opts.typed, (main, extra) =>
      actionForms(found, main, actor, towns, now, csrfField(c), extra),
    );
    const rewardHtml = reward === undefined ? undefined : rewardBlock(found, reward, isCountyLevel(actor), csrfField(c));
    const undelivered = deps.deliveries ? await undeliveredBlock(deps.deliveries, found.id) : undefined;
    return page(c, `案件 ${found.number}`, caseDetailPage({ c: found, now, townName: town?.name, actorNames, actions, reward: rewardHtml, undelivered }), {
      notice: opts.error ? undefined : notice,
      error: opts.error,
      status: opts.status,
    });
  };

  app.get('/:number', async (c) => detail(c, await visibleCase(c)));

  const intake = (files: File[]): Promise<PhotoRef[]> => {
    if (files.length > MAX_PHOTOS) throw new DomainError('TOO_MANY_PHOTOS', 'too many photos', { max: MAX_PHOTOS });
    return Promise.all(
      files.map((f) =>
        intakePhoto(
          { fileName: f.name, declaredMime: f.type, sizeHint: f.size, download: async () => new Uint8Array(await f.arrayBuffer()) },
          deps.core.photoLimits,
          stores.media,
          { keepEvidence: true },
        ),
      ),
    );
  };

  const trail = trailRoute(deps, { visibleCase, detail, intake });

  // 举报奖励: the county bureau's decision. Before `/:number/:action`, which would take `reward` for an unknown action.
  app.post('/:number/reward', async (c) => {
    const { actor } = c.var.official;
    // Town officials see the state but never get the form; a forged post is refused before anything is read.
    if (!isCountyLevel(actor)) throw new DomainError('FORBIDDEN', 'only the county bureau decides on tip rewards');
    const tips = deps.core.tips;
    const found = await visibleCase(c);
    const before = tips && found.source === 'anonymous_tip' ? await tips.rewardOf(found.number) : null;
    if (!tips || !before) throw new DomainError('NOT_FOUND', 'no tip for this case');
    const form = await c.req.parseBody();
    const reward = tipRewards.find((r) => r === form.reward);
    if (!reward) return detail(c, found, { error: '请选择奖励状态。', status: 400 });
    // Another official decided since this form was rendered: show them the state now rather than overwrite it.
    if (form.current !== before) return detail(c, found, { error: '奖励状态已被他人修改，请核对当前状态后重新操作。', status: 409 });
    if (reward !== before) {
      await tips.setReward(found.number, reward, actor);
      // The case and the decision only: nothing the tip service knows about the tipster.
      await audit(deps, c, 'tip.reward', { target: `case:${found.number}`, detail: `${rewardLabels[before]} → ${rewardLabels[reward]}` });
    }
    return c.redirect(`${caseLink(found)}?done=reward`, 303);
  });

  // The body limit is the app's (index.ts): it must wrap the body before the CSRF check reads it.
  app.post('/:number/:action', async (c) => {
    const action = c.req.param('action') as Action;
    if (isTrailForm(action)) return trail(c, action);
    if (!caseActions.includes(action) || (action as CaseAction) === 'report') return c.notFound();
    const current = await visibleCase(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    if (text(form, 'version') !== String(current.version)) {
      return detail(c, current, { error: `${t('error.staleCase')}请核对后重新操作。`, status: 409 });
    }
    const { actor } = c.var.official;
    try {
      // Closing takes a written 复核意见, as in the chat.
      if (action === 'approve' && !text(form, 'note').trim()) throw new DomainError('OPINION_REQUIRED', 'a review opinion is required');
      const next = applyCommand(current, await commandFromForm(action, form, actor, intake), actor, clock.now());
      const saved = await saveCaseChange(deps.core, current, next, c.get('chat'));
      deps.core.log.info({ caseNumber: saved.number, action, to: saved.status, actor: actor.id, via: 'dashboard' }, 'case transition');
      const last = saved.history.at(-1);
      await audit(deps, c, `case.${action}`, {
        target: `case:${saved.number}`,
        detail: [actionLabel(action), last?.from !== last?.to ? `${statusLabel(current.status)} → ${statusLabel(saved.status)}` : '', last?.note ?? '']
          .filter(Boolean)
          .join('；'),
      });
      return c.redirect(`${caseLink(saved)}?done=${action}`, 303);
    } catch (e) {
      const message = errorText(e, t);
      if (!message) throw e;
      const latest = (await stores.cases.get(current.id)) ?? current;
      return detail(c, latest, { error: message, status: e instanceof DomainError && e.code === 'VERSION_CONFLICT' ? 409 : 400 });
    }
  });

  const photo = async (c: Context<DashEnv>, thumb: boolean) => {
    const found = await visibleCase(c);
    const id = c.req.param('photoId');
    const known = [
      ...found.beforePhotos,
      ...found.afterPhotos,
      ...found.history.flatMap((e) => e.evidence ?? []),
      ...(found.extensions ?? []).flatMap((x) => x.attachments),
      ...(found.acceptance?.photos ?? []),
    ].some((p) => p.id === id);
    const stored = known && id ? await stores.media.get(id) : null;
    if (!stored) return c.notFound();
    const body = thumb ? await thumbnail(stored.data) : Buffer.from(stored.data);
    return c.body(new Uint8Array(body), 200, {
      'content-type': thumb ? 'image/webp' : stored.ref.mime,
      'cache-control': 'private, max-age=86400, immutable',
    });
  };
  app.get('/:number/notice.docx', async (c) => {
    const found = await visibleCase(c);
    const stored = found.notice?.documentId ? await stores.media.get(found.notice.documentId) : null;
    if (!stored) return c.notFound();
    await audit(deps, c, 'case.notice.download', { target: `case:${found.number}`, detail: found.notice!.docNumber });
    const name = `督办通知书_${found.number}.docx`;
    return c.body(new Uint8Array(stored.data), 200, {
      'content-type': DOCX_MIME,
      'content-disposition': `attachment; filename="notice-${found.number}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store',
    });
  });

  app.get('/:number/photos/:photoId', (c) => photo(c, false));
  app.get('/:number/photos/:photoId/thumb', (c) => photo(c, true));

  return app;
}
