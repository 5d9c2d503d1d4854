import { Hono } from 'hono';
import { html } from 'hono/html';
import { isCountyLevel, openStatuses } from '../domain/index.js';
import { caseLink, caseTable } from './cases/list-page.js';
import { day } from './dates.js';
import type { DashboardDeps, DashEnv } from './deps.js';
import { page } from './html/layout.js';
import { withQuery } from './paths.js';
import { loadAll, scopeTown, visibleTowns } from './scope.js';

/** The week's starting point: what is open, what is overdue and where, what waits for review. */
export function homeRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { stores, clock } = deps.core;
  app.get('/', async (c) => {
    const { actor } = c.var.official;
    const now = clock.now();
    const townId = scopeTown(actor);
    const [open, review, major, overdue, towns] = await Promise.all([
      stores.cases.count({ townId, status: [...openStatuses] }),
      stores.cases.list({ townId, status: ['review_requested'] }, { limit: 10 }),
      stores.cases.count({ townId, status: [...openStatuses], severity: 'major' }),
      loadAll((p) => stores.cases.list({ townId, overdueAt: now }, p)),
      visibleTowns(actor, stores.towns),
    ]);
    const names = new Map(towns.map((t) => [t.id, t.name]));
    const byTown = towns
      .map((t) => ({ t, n: overdue.filter((x) => x.townId === t.id).length }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n);
    const mostOverdue = [...overdue].sort((a, b) => a.deadline!.getTime() - b.deadline!.getTime()).slice(0, 10);
    return page(
      c,
      isCountyLevel(actor) ? '全县概览' : `${names.get(actor.townId ?? '') ?? ''}概览`,
      html`<div class="stats">
        <a class="stat" href="${withQuery('/cases', { status: 'open' })}"><span>在办隐患</span><strong>${open}</strong></a>
        <a class="stat ${overdue.length ? 'alert' : ''}" href="${withQuery('/cases', { overdue: '1' })}"><span>逾期未整改</span><strong>${overdue.length}</strong></a>
        <a class="stat" href="${withQuery('/cases', { status: 'review_requested' })}"><span>待复核</span><strong>${review.items.length}${review.next ? '+' : ''}</strong></a>
        <a class="stat" href="${withQuery('/cases', { status: 'open', severity: 'major' })}"><span>在办重大隐患</span><strong>${major}</strong></a>
      </div>
      ${isCountyLevel(actor) && byTown.length
        ? html`<section class="card"><h2>逾期未整改（按镇乡）</h2><ul class="grid-links">${byTown.map(
            ({ t, n }) => html`<li><a href="${withQuery('/cases', { town: t.id, overdue: '1' })}">${t.name} <strong>${n}</strong></a></li>`,
          )}</ul></section>`
        : ''}
      <section class="card"><h2>逾期最久的隐患</h2>${caseTable(mostOverdue, names, now)}</section>
      ${review.items.length
        ? html`<section class="card"><h2>待复核</h2><ul>${review.items.map(
            (x) => html`<li><a href="${caseLink(x)}">${x.number}</a> ${x.enterpriseName ?? ''}（期限 ${day(x.deadline)}）</li>`,
          )}</ul></section>`
        : ''}`,
    );
  });
  return app;
}
