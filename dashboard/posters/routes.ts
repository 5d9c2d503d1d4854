import type { Context } from 'hono';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { tipFormUrl } from '../../bot/web/h5/paths.js';
import { DomainError } from '../../domain/index.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { page, type Html } from '../html/layout.js';
import { to } from '../paths.js';
import { scopeTown, visibleTowns } from '../scope.js';

/** Printable 扫码举报 posters (A4), one per town and one per enterprise, pointing at the H5 tip form. */
export function posterRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { stores } = deps.core;
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  app.get('/', async (c) => {
    const { actor } = c.var.official;
    const towns = await visibleTowns(actor, stores.towns);
    const q = c.req.query('q')?.trim().slice(0, 100);
    const hits = q ? await stores.enterprises.search(q, 30, scopeTown(actor)) : [];
    return page(
      c,
      '举报二维码',
      html`<p>打印后张贴在镇（乡）便民服务中心、村委会和企业门口。群众扫码即可匿名举报，无需登录。</p>
      <section class="card"><h2>镇（乡）海报</h2><ul class="grid-links">${towns.map(
        (t) => html`<li><a href="${to(`/posters/town/${encodeURIComponent(t.id)}`)}">${t.name}</a></li>`,
      )}</ul></section>
      <section class="card"><h2>企业海报</h2>
        <form method="get" action="${to('/posters')}" class="filters"><label>企业名称<input name="q" value="${q ?? ''}" maxlength="100"></label><button type="submit">查找</button></form>
        ${q ? (hits.length ? html`<ul>${hits.map((e) => html`<li><a href="${to(`/posters/enterprise/${encodeURIComponent(e.id)}`)}">${e.name}</a></li>`)}</ul>` : html`<p class="muted">未找到企业。</p>`) : ''}
      </section>`,
    );
  });

  const poster = async (c: Context<DashEnv>, subject: string, url: string): Promise<Response> => {
    // qrcode (and its PNG encoder) loads with the first poster, not at start.
    const QRCode = (await import('qrcode')).default;
    const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return page(c, `扫码举报 · ${subject}`, posterBody(subject, url, raw(svg)), { bare: true });
  };

  app.get('/town/:id', async (c) => {
    const town = await stores.towns.get(c.req.param('id'));
    if (!town || scopeTown(c.var.official.actor, town.id) !== town.id) throw new DomainError('NOT_FOUND', 'town not found');
    return poster(c, town.name, tipFormUrl(origin(c), { town: town.id }));
  });

  app.get('/enterprise/:id', async (c) => {
    const e = await stores.enterprises.get(c.req.param('id'));
    if (!e || scopeTown(c.var.official.actor, e.townId) !== e.townId) throw new DomainError('NOT_FOUND', 'enterprise not found');
    return poster(c, e.name, tipFormUrl(origin(c), { enterprise: e.id }));
  });

  return app;
}

function posterBody(subject: string, url: string, qr: Html): Html {
  return html`<div class="no-print toolbar"><button type="button" data-print>打印海报</button> <a href="${to('/posters')}">返回</a></div>
  <article class="poster">
    <p class="issuer">泽州县应急管理局</p>
    <h1>扫码举报安全隐患</h1>
    <p class="subject">${subject}</p>
    <div class="qr">${qr}</div>
    <p class="lead">发现事故隐患或非法违法生产经营行为，请用手机扫描上方二维码举报。</p>
    <ul>
      <li>匿名举报，无需注册登录，不收集您的姓名、电话等身份信息；</li>
      <li>可上传现场照片，照片中的位置等信息会被自动清除；</li>
      <li>提交后获得举报码，凭举报码和您设置的举报密码查询处理进度、申领奖励；</li>
      <li>经查属实的，按照事故隐患举报奖励制度给予奖励。</li>
    </ul>
    <p class="url">${url}</p>
    <p class="basis">依据《泽州县应急管理局关于做好2026年冶金工贸行业安全生产监管工作的通知》（泽应急发〔2026〕56号）：建立健全有奖举报制度，畅通扫码等群众举报渠道。</p>
  </article>`;
}
