import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { alertTypes, deviceKinds, DomainError, type AlertDevice, type DeviceKind } from '../../domain/index.js';
import { audit } from '../audit/record.js';
import { text, type FormBody } from '../cases/command-from-form.js';
import { dateTime } from '../dates.js';
import type { DashboardDeps, DashEnv } from '../deps.js';
import { csrfField, options, page } from '../html/layout.js';
import { to } from '../paths.js';

const kindLabel: Record<DeviceKind, string> = { camera: 'AI 摄像头', welding_robot: '动火作业监测机器人', inspection_platform: '智能巡检平台' };

/** AI 预警 devices: an administrator registers a device and hands its id and secret (shown once) to the vendor. */
export function deviceRoutes(deps: DashboardDeps): Hono<DashEnv> {
  const app = new Hono<DashEnv>();
  const { enterprises } = deps.core.stores;

  const service = (c: Context<DashEnv>) => {
    if (c.var.official.actor.role !== 'admin') throw new DomainError('NOT_FOUND', 'admins only');
    if (!deps.alerts) throw new DomainError('NOT_FOUND', 'the alert API is off');
    return deps.alerts;
  };

  const list = async (c: Context<DashEnv>, notice?: { error?: string; issued?: { device: AlertDevice; secret: string } }) => {
    const devices = await service(c).devices();
    const origin = deps.publicUrl ?? new URL(c.req.url).origin;
    return page(
      c,
      'AI 预警设备',
      html`${notice?.issued ? issuedCard(notice.issued, origin) : ''}
      <section class="card"><h2>已登记设备</h2>
      ${devices.length
        ? html`<table><thead><tr><th>设备编号</th><th>名称</th><th>类型</th><th>企业</th><th>密钥版本</th><th>状态</th><th></th></tr></thead><tbody>${devices.map(
            (d) => html`<tr><td>${d.id}</td><td>${d.name}</td><td>${kindLabel[d.kind]}</td><td>${d.enterpriseId ?? '—'}</td><td>${d.keyVersion}</td>
              <td>${d.revokedAt ? `已停用（${dateTime(d.revokedAt)}）` : '使用中'}</td>
              <td><form method="post" action="${to(`/devices/${encodeURIComponent(d.id)}/rotate`)}" class="inline">${csrfField(c)}<button type="submit">${d.revokedAt ? '重新启用并换发密钥' : '换发密钥'}</button></form>
              ${d.revokedAt ? '' : html`<form method="post" action="${to(`/devices/${encodeURIComponent(d.id)}/revoke`)}" class="inline">${csrfField(c)}<button type="submit">停用</button></form>`}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">尚未登记设备。</p>`}
      </section>
      <section class="card"><h2>登记新设备</h2>
      <form method="post" action="${to('/devices')}">${csrfField(c)}
        <label>设备编号（字母、数字、. _ -）<input name="id" required pattern="[A-Za-z0-9][A-Za-z0-9_.\\-]{1,63}" maxlength="64"></label>
        <label>名称<input name="name" required maxlength="100" placeholder="如：某钢铁公司炼钢车间动火监测机器人"></label>
        <label>类型<select name="kind" required>${options(deviceKinds, (k) => kindLabel[k], undefined, '请选择')}</select></label>
        <label>所在企业（统一社会信用代码或企业全称，可不填）<input name="enterprise" maxlength="100"></label>
        <button type="submit">登记并生成密钥</button>
      </form>
      <p class="muted">可上报的预警类型：${Object.entries(alertTypes).map(([k, v]) => `${v}（${k}）`).join('、')}。接口说明见 <a href="/api/openapi.json">/api/openapi.json</a>。</p>
      </section>`,
      { error: notice?.error, status: notice?.error ? 400 : 200 },
    );
  };

  const findEnterprise = async (q: string): Promise<string | undefined> => {
    if (!q) return undefined;
    const byCode = await enterprises.getByCreditCode(q.toUpperCase());
    if (byCode) return byCode.id;
    const exact = (await enterprises.search(q, 5)).filter((e) => e.name === q || e.aliases.includes(q));
    if (exact.length !== 1) throw new DomainError('INVALID_INPUT', `没有找到唯一匹配“${q}”的登记企业`, { field: 'enterprise' });
    return exact[0]!.id;
  };

  app.get('/', (c) => list(c));

  app.post('/', async (c) => {
    const alerts = service(c);
    const form = (await c.req.parseBody()) as FormBody;
    const kind = deviceKinds.find((k) => k === text(form, 'kind'));
    try {
      if (!kind) throw new DomainError('INVALID_INPUT', '请选择设备类型', { field: 'kind' });
      const issued = await alerts.issue(
        { id: text(form, 'id'), name: text(form, 'name'), kind, enterpriseId: await findEnterprise(text(form, 'enterprise')) },
        c.var.official.actor,
      );
      await audit(deps, c, 'device.issue', { target: issued.device.id, detail: issued.device.name });
      return list(c, { issued });
    } catch (e) {
      if (e instanceof DomainError && (e.code === 'INVALID_INPUT' || e.code === 'DUPLICATE' || e.code === 'NOT_FOUND')) {
        return list(c, { error: e.code === 'DUPLICATE' ? '该设备编号已登记。' : e.message });
      }
      throw e;
    }
  });

  app.post('/:id/rotate', async (c) => {
    const issued = await service(c).rotate(c.req.param('id'), c.var.official.actor);
    await audit(deps, c, 'device.rotate', { target: issued.device.id, detail: `key version ${issued.device.keyVersion}` });
    return list(c, { issued });
  });

  app.post('/:id/revoke', async (c) => {
    await service(c).revoke(c.req.param('id'), c.var.official.actor);
    await audit(deps, c, 'device.revoke', { target: c.req.param('id') });
    return c.redirect(to('/devices'), 303);
  });

  return app;
}

function issuedCard({ device, secret }: { device: AlertDevice; secret: string }, origin: string) {
  return html`<section class="card notice" role="status"><h2>设备 ${device.id} 的密钥（只显示这一次）</h2>
    <p>请把设备编号和密钥交给设备厂商配置；离开本页后无法再次查看，遗失只能换发。</p>
    <p>设备编号：<code>${device.id}</code><br>密钥：<code data-secret>${secret}</code></p>
    <p class="muted">接口：POST ${origin}/api/alerts，签名方法见 ${origin}/api/openapi.json。</p></section>`;
}
