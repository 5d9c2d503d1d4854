import { Hono } from 'hono';
import { DomainError, isCountyLevel } from '../../domain/index.js';
import { audit } from '../audit/record.js';
import { addMonths, monthKey, monthOf, monthRange, monthsBetween, parseMonth } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { page } from '../html/layout.js';
import { loadAll, scopeTown, visibleTowns } from '../scope.js';
import { sendWorkbook } from '../xlsx-download.js';
import { caseStats } from './compute.js';
import { hazardLedger, parseHazardPeriod } from './hazard-ledger.js';
import { monthlyReport } from './monthly-report.js';
import { statsPage } from './page.js';

/** Statistics over the stores' own list queries, aggregated here (the Mongo subset has no $facet or $cond). */
export function statsRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { stores, clock } = deps.core;

  app.get('/', async (c) => {
    const { actor } = c.var.official;
    const now = clock.now();
    const current = monthOf(now);
    const from = parseMonth(c.req.query('from')) ?? addMonths(current, -11);
    const to = parseMonth(c.req.query('to')) ?? current;
    const townId = scopeTown(actor, c.req.query('town'));
    const cases = await loadAll((p) =>
      stores.cases.list({ townId, createdFrom: monthRange(from).start, createdTo: monthRange(to).end }, p),
    );
    const towns = await visibleTowns(actor, stores.towns);
    const shown = townId ? towns.filter((t) => t.id === townId) : towns;
    const lastQuarter = addMonths(current, -3);
    const q = {
      from: monthKey(from),
      to: monthKey(to),
      town: townId,
      reportMonth: monthKey(addMonths(current, -1)),
      hazardPeriod: `${lastQuarter.year}-Q${Math.ceil(lastQuarter.month / 3)}`,
    };
    return page(c, '统计分析', statsPage(caseStats(cases, shown, monthsBetween(from, to), now), q, actor, towns));
  });

  app.get('/report.xlsx', async (c) => {
    if (!isCountyLevel(c.var.official.actor)) throw new DomainError('FORBIDDEN', 'the monthly 通报 is issued by the county bureau');
    const now = clock.now();
    const month = parseMonth(c.req.query('month')) ?? addMonths(monthOf(now), -1);
    // Cases reported after the month cannot appear in it; older ones can (still open, or closed in it).
    const cases = await loadAll((p) => stores.cases.list({ createdTo: monthRange(month).end }, p));
    const report = monthlyReport(cases, await stores.towns.list(), month, now);
    await audit(deps, c, 'report.download', { detail: report.title });
    // ExcelJS loads with the first workbook asked for, not at start.
    const { monthlyWorkbook } = await import('./monthly-workbook.js');
    return sendWorkbook(c, monthlyWorkbook(report, now), `${report.title}.xlsx`, `tongbao-${monthKey(month)}.xlsx`);
  });

  // 16号令 quarterly / yearly statistics: county-wide for the county bureau, a town official's own town otherwise.
  app.get('/hazards.xlsx', async (c) => {
    const { actor } = c.var.official;
    const period = parseHazardPeriod(c.req.query('period'));
    if (!period) throw new DomainError('INVALID_INPUT', '统计期间应为“2026-Q3”（季度）或“2026”（年度）', { field: 'period' });
    const townId = scopeTown(actor, c.req.query('town'));
    const cases = await loadAll((p) => stores.cases.list({ townId, createdFrom: period.start, createdTo: period.end }, p));
    const towns = (await visibleTowns(actor, stores.towns)).filter((t) => !townId || t.id === townId);
    const ids = [...new Set(cases.flatMap((x) => (x.enterpriseId ? [x.enterpriseId] : [])))];
    const names = new Map((await Promise.all(ids.map((id) => stores.enterprises.get(id)))).flatMap((e) => (e ? [[e.id, e.name] as const] : [])));
    const ledger = hazardLedger(cases, towns, names, period, clock.now());
    await audit(deps, c, 'report.download', { detail: ledger.title });
    const { hazardWorkbook } = await import('./hazard-workbook.js');
    return sendWorkbook(c, hazardWorkbook(ledger), `${ledger.title}.xlsx`, `hazards-${period.key}.xlsx`);
  });

  return app;
}
