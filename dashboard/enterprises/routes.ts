import { enterpriseDossier } from './dossier.js';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { DomainError, isCountyLevel, isDomainError, riskLevels } from '../../domain/index.js';
import type { Enterprise, RiskLevel } from '../../domain/index.js';
import { audit } from '../audit/record.js';
import { files, text, type FormBody } from '../cases/command-from-form.js';
import { isoDay } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { csrfField, page } from '../html/layout.js';
import { riskLabels, supervisionLevelLabels } from '../labels.js';
import { to, withQuery } from '../paths.js';
import { assertTown, loadAll, scopeTown, visibleTowns } from '../scope.js';
import { sendWorkbook } from '../xlsx-download.js';
import { enterpriseForm, enterpriseFromForm } from './form.js';
import { enterpriseLink, enterpriseListPage, importForm, importReportPage, importResultPage, ratingHistory, type EnterpriseQuery } from './pages.js';
import { PendingImports } from './pending-imports.js';
import { createEnterprise, updateEnterprise } from './save.js';
import { bodyLimit } from '../../bot/web/body-limit.js';

export const ledgerBodyLimit = bodyLimit({
  maxSize: 5 * 1024 * 1024,
  onError: (c) => c.text('文件超过5 MB，请按镇（乡）分批导入。', 413),
});

/** 一企一档: the registry, its Excel ledger in and out, and each enterprise's rating history. */
export function enterpriseRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { stores, clock } = deps.core;
  const pending = new PendingImports();
  const risk = (v: string | undefined) => riskLevels.find((r) => r === v) as RiskLevel | undefined;

  /** An enterprise this official may see: a town official only their town's (others look absent). */
  const visible = async (c: Context<DashEnv>): Promise<Enterprise> => {
    const e = await stores.enterprises.get(c.req.param('id') ?? '');
    if (!e || scopeTown(c.var.official.actor, e.townId) !== e.townId) throw new DomainError('NOT_FOUND', 'enterprise not found');
    return e;
  };

  app.get('/', async (c) => {
    const { actor } = c.var.official;
    const query: EnterpriseQuery = { town: c.req.query('town') || undefined, risk: risk(c.req.query('risk')), q: c.req.query('q')?.trim().slice(0, 100) || undefined };
    const townId = scopeTown(actor, query.town);
    const towns = await visibleTowns(actor, stores.towns);
    if (query.q) {
      const hits = (await stores.enterprises.search(query.q, 100, townId)).filter((e) => !query.risk || e.riskLevel === query.risk);
      return page(c, '企业台账（一企一档）', enterpriseListPage({ query, actor, towns, items: hits }));
    }
    const list = await stores.enterprises.list({ townId, riskLevel: risk(query.risk) }, { limit: 50, after: c.req.query('after') || undefined });
    return page(c, '企业台账（一企一档）', enterpriseListPage({ query, actor, towns, items: list.items, next: list.next }));
  });

  // ExcelJS loads with the first workbook read or written, not at start.
  const workbooks = () => import('./workbooks.js');
  app.get('/template.xlsx', async (c) => sendWorkbook(c, (await workbooks()).templateWorkbook(), '企业基本信息台账（模板）.xlsx', 'ledger-template.xlsx'));

  app.get('/export.xlsx', async (c) => {
    const { actor } = c.var.official;
    const townId = scopeTown(actor, c.req.query('town'));
    const items = await loadAll((p) => stores.enterprises.list({ townId, riskLevel: risk(c.req.query('risk')) }, p));
    const towns = new Map((await stores.towns.list()).map((t) => [t.id, t.name]));
    await audit(deps, c, 'enterprise.export', { target: townId ? `town:${townId}` : undefined, detail: `${items.length} 家` });
    const label = townId ? (towns.get(townId) ?? townId) : '全县';
    return sendWorkbook(c, (await workbooks()).ledgerWorkbook(items, towns), `企业基本信息台账_${label}_${isoDay(clock.now())}.xlsx`, `ledger-${isoDay(clock.now())}.xlsx`);
  });

  const newForm = async (c: Context<DashEnv>, error?: string) => {
    const towns = await visibleTowns(c.var.official.actor, stores.towns);
    const form = enterpriseForm({ towns, actor: c.var.official.actor, action: to('/enterprises'), csrf: csrfField(c) });
    return page(c, '登记企业', form, { error, status: error ? 400 : 200 });
  };
  app.get('/new', (c) => newForm(c));

  app.post('/', async (c) => {
    const { actor } = c.var.official;
    const now = clock.now();
    const result = enterpriseFromForm((await c.req.parseBody({ all: true })) as FormBody, actor, { id: deps.core.newId(), createdAt: now, updatedAt: now, version: 0 });
    if ('error' in result) return newForm(c, result.error);
    const e = result.enterprise;
    if (!(await stores.towns.get(e.townId))) return newForm(c, '请选择所属镇（乡）。');
    try {
      await createEnterprise(deps, c.var.official, e, 'create');
    } catch (err) {
      if (isDomainError(err, 'DUPLICATE')) return newForm(c, '该镇（乡）已登记同名企业，或统一社会信用代码已被登记。');
      throw err;
    }
    await audit(deps, c, 'enterprise.create', { target: `enterprise:${e.id}`, detail: e.name });
    return c.redirect(`${enterpriseLink(e)}?saved=1`, 303);
  });

  app.get('/import', async (c) => page(c, '导入企业台账', importForm(c.var.official.actor, await visibleTowns(c.var.official.actor, stores.towns), csrfField(c))));

  // Uploads are capped by ledgerBodyLimit, mounted in index.ts ahead of the CSRF check that reads the body.
  app.post('/import', async (c) => {
    const { actor } = c.var.official;
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const [file] = files(form, 'file');
    // A chosen but empty file is told apart from no file at all.
    const empty = [form.file].flat().some((f) => f instanceof File && f.size === 0 && f.name);
    if (!file) return page(c, '导入企业台账', importForm(actor, await visibleTowns(actor, stores.towns), csrfField(c)), { error: empty ? '上传的文件是空的（0字节）：请重新选择台账文件。' : '请选择要上传的台账文件。', status: 400 });
    const { readLedger } = await import('./import.js');
    const report = await readLedger(new Uint8Array(await file.arrayBuffer()), {
      towns: await stores.towns.list(),
      defaultTownId: isCountyLevel(actor) ? text(form, 'townId') || undefined : actor.townId,
      actor,
      enterprises: stores.enterprises,
      newId: deps.core.newId,
      now: clock.now(),
    });
    const fileName = file.name.slice(0, 100);
    const pendingId = report.rows.some((r) => r.enterprise) ? pending.put(c.get('chat'), fileName, report) : undefined;
    return page(c, '台账校验结果', importReportPage({ report, fileName, pendingId, csrf: csrfField(c) }), { status: report.status ?? 200 });
  });

  app.post('/import/:id', async (c) => {
    const job = pending.take(c.req.param('id'), c.get('chat'));
    if (!job) return page(c, '导入企业台账', html`<p><a class="button" href="${to('/enterprises/import')}">重新上传</a></p>`, { error: '该次导入已完成或已过期（30分钟），请重新上传。', status: 409 });
    const results: { line: number; name: string; error?: string }[] = [];
    for (const row of job.report.rows) {
      if (!row.enterprise) continue;
      try {
        await createEnterprise(deps, c.var.official, row.enterprise, 'import');
        results.push({ line: row.line, name: row.name });
      } catch (err) {
        if (!isDomainError(err, 'DUPLICATE')) throw err;
        results.push({ line: row.line, name: row.name, error: '同名企业或信用代码已存在' });
      }
    }
    const skipped = job.report.rows.length - results.length;
    await audit(deps, c, 'enterprise.import', {
      detail: `${job.fileName}：导入 ${results.filter((r) => !r.error).length} 家，错误行 ${skipped} 行未导入，冲突 ${results.filter((r) => r.error).length} 行`,
    });
    return page(c, '导入完成', importResultPage(results));
  });

  const detail = async (c: Context<DashEnv>, e: Enterprise, error?: string) => {
    const { actor } = c.var.official;
    const [towns, history, cases] = await Promise.all([
      visibleTowns(actor, stores.towns),
      deps.stores.ratings.list(e.id),
      loadAll((p) => stores.cases.list({ enterpriseId: e.id }, p), 2_000),
    ]);
    const body = html`<p class="toolbar">
        <a class="button" href="${withQuery('/cases', { enterprise: e.name })}">查看该企业隐患案件</a>
        <a class="button" href="${to(`/posters/enterprise/${encodeURIComponent(e.id)}`)}">打印举报二维码</a></p>
      ${enterpriseForm({ e, towns, actor, action: enterpriseLink(e), csrf: csrfField(c) })}
      ${enterpriseDossier(e, cases)}
      <section class="card"><h2>分级分类历史</h2>${ratingHistory(history)}</section>`;
    return page(c, e.name, body, { error, notice: c.req.query('saved') ? '已保存。' : undefined, status: error ? 400 : 200 });
  };

  app.get('/:id', async (c) => detail(c, await visible(c)));

  app.post('/:id', async (c) => {
    const { actor } = c.var.official;
    const before = await visible(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    if (text(form, 'version') !== String(before.version)) return detail(c, before, '该企业信息刚刚被他人修改，以下为最新内容，请核对后重新保存。');
    const result = enterpriseFromForm(form, actor, before);
    if ('error' in result) return detail(c, before, result.error);
    const next = result.enterprise;
    assertTown(actor, next.townId);
    if (!(await stores.towns.get(next.townId))) return detail(c, before, '请选择所属镇（乡）。');
    let saved: Enterprise;
    try {
      saved = await updateEnterprise(deps, c.var.official, before, next, text(form, 'note').slice(0, 200) || undefined);
    } catch (err) {
      if (isDomainError(err, 'DUPLICATE')) return detail(c, before, '该镇（乡）已登记同名企业，或统一社会信用代码已被登记。');
      if (isDomainError(err, 'VERSION_CONFLICT')) return detail(c, (await stores.enterprises.get(before.id)) ?? before, '该企业信息刚刚被他人修改，请核对后重新保存。');
      throw err;
    }
    const rating = saved.riskLevel !== before.riskLevel || saved.supervisionLevel !== before.supervisionLevel
      ? `；等级 ${riskLabels[before.riskLevel]}/${supervisionLevelLabels[before.supervisionLevel]} → ${riskLabels[saved.riskLevel]}/${supervisionLevelLabels[saved.supervisionLevel]}`
      : '';
    await audit(deps, c, 'enterprise.update', { target: `enterprise:${saved.id}`, detail: `${saved.name}${rating}` });
    return c.redirect(`${enterpriseLink(saved)}?saved=1`, 303);
  });

  return app;
}
