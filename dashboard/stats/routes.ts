import { Hono } from 'hono';
import { DomainError, isCountyLevel } from '../../domain/index.js';
import { audit } from '../audit/record.js';
import { addMonths, monthKey, monthOf, monthRange, monthsBetween, parseMonth } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { page } from '../html/layout.js';
import { loadAll, scopeTown, visibleTowns } from '../scope.js';
import { sendWorkbook } from '../xlsx.js';
import { caseStats } from './compute.js';
import { monthlyReport } from './monthly-report.js';
import { monthlyWorkbook } from './monthly-workbook.js';
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
    const q = { from: monthKey(from), to: monthKey(to), town: townId, reportMonth: monthKey(addMonths(current, -1)) };
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
    return sendWorkbook(c, monthlyWorkbook(report, now), `${report.title}.xlsx`, `tongbao-${monthKey(month)}.xlsx`);
  });

  return app;
}
