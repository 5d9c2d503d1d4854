import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCommand, formatCaseNumber, newCase, type Actor, type Case, type Command } from '../../../domain/index.js';
import { createAccount } from '../../../handlers/accounts.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { serviceUrl } from '../../support/requires.js';
import { jintaiFoundry } from '../../support/sample-data.js';
import { FormClient } from './form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

/** A sheet's data rows as arrays of displayed values, keyed by the row's name column. */
async function sheets(res: Response) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows = (name: string, nameCol: number) =>
    new Map(
      wb
        .getWorksheet(name)!
        .getSheetValues()
        // Data rows: a 序号 in column A, or the total row.
        .filter((r): r is ExcelJS.CellValue[] => Array.isArray(r) && (typeof r[1] === 'number' || r[nameCol] === '合计'))
        .map((r) => [String(r[nameCol]), r.slice(nameCol + (name === '按企业' ? 2 : 1))]),
    );
  return { title: String(wb.getWorksheet('按镇（乡）')!.getCell('A1').value), byTown: rows('按镇（乡）', 2), byEnterprise: rows('按企业', 2) };
}

describe.each<StoreKind>(['sqlite', 'mongo'])('16号令 hazard statistics and the monthly 通报 on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let county: FormClient;
  let town: FormClient;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri);
    const { stores } = h.app;
    await stores.enterprises.insert(jintaiFoundry());
    const admin = (await stores.identities.getByUsername('admin'))!;
    const accounts = { identities: stores.identities, towns: stores.towns, newId: () => crypto.randomUUID(), now: () => new Date() };
    const li = await createAccount(accounts, { id: admin.id, role: 'admin' }, { username: 'lisi', role: 'county_official', displayName: '李四' });
    const zhang = await createAccount(accounts, { id: admin.id, role: 'admin' }, { username: 'zhang', role: 'town_official', townId: 'nancun', displayName: '张镇长' });
    for (const a of [li, zhang]) await stores.identities.update({ ...a.identity, mustChangePassword: false });
    county = new FormClient(h.app.fetch);
    await county.login('lisi', li.password);
    town = new FormClient(h.app.fetch);
    await town.login('zhang', zhang.password);

    const assessor: Actor = { id: 'assessor-1', role: 'county_official' };
    const reviewer: Actor = { id: 'reviewer-1', role: 'county_official' };
    const photo = { id: 'p1', mime: 'image/jpeg', bytes: 10 };
    const drive = async (start: string, base: Partial<Case>, steps: Array<[string, Command, Actor?]>) => {
      const year = Number(start.slice(0, 4));
      let c = newCase(
        { id: crypto.randomUUID(), number: formatCaseNumber('ZZ', year, await stores.cases.nextSequence('ZZ', year)), source: 'worker_report', description: '熔炼炉旁冷却水管漏水', photos: [photo], ...base } as never,
        { id: 'worker-1', role: 'worker' },
        at(start),
      );
      for (const [day, cmd, who] of steps) c = applyCommand(c, cmd, who ?? assessor, at(day));
      await stores.cases.insert(c);
    };
    const reg = (townId: string): Command => ({ action: 'register', townId });
    // 2026 Q2: one general hazard closed, one major under 挂牌督办 overdue at the quarter's end, one in another town,
    // a tip nobody has placed, and one refused (not a hazard). Q3: one more.
    await drive('2026-04-03', { townId: 'nancun', enterpriseId: 'ent-1', enterpriseName: '泽州县金泰铸造有限公司' }, [
      ['2026-04-04', reg('nancun')],
      ['2026-04-05', { action: 'assess', severity: 'general', deadline: at('2026-04-30') }],
      ['2026-04-06', { action: 'start_rectification' }],
      ['2026-04-20', { action: 'request_review', afterPhotos: [photo] }],
      ['2026-04-21', { action: 'approve' }, reviewer],
    ]);
    await drive('2026-05-10', { townId: 'nancun', enterpriseId: 'ent-1', enterpriseName: '泽州县金泰铸造有限公司' }, [
      ['2026-05-11', reg('nancun')],
      ['2026-05-12', { action: 'assess', severity: 'major', deadline: at('2026-06-10') }],
      ['2026-05-13', { action: 'update_supervision', fields: { funding: '专项资金50万元', responsibility: '企业主要负责人' } }],
      ['2026-05-14', { action: 'start_rectification' }],
    ]);
    await drive('2026-06-02', { townId: 'bagong', enterpriseName: '某无名小厂' }, [
      ['2026-06-03', reg('bagong')],
      ['2026-06-04', { action: 'assess', severity: 'general', deadline: at('2026-12-31') }],
    ]);
    await drive('2026-06-15', { source: 'anonymous_tip', description: '某铸造厂夜班无人监护' }, []);
    await drive('2026-06-20', { townId: 'nancun' }, [['2026-06-21', { action: 'reject', reason: '重复举报' }]]);
    await drive('2026-08-01', { townId: 'bagong', enterpriseName: '某无名小厂' }, []);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('a quarter per town and per enterprise: found, rectified, rate, 挂牌督办, funds, overdue; the tip without a town counted', async () => {
    const res = await county.request('/dashboard/stats/hazards.xlsx?period=2026-Q2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('hazards-2026-Q2.xlsx');
    const s = await sheets(res);
    expect(s.title).toBe('泽州县事故隐患排查治理情况统计表（2026年第二季度）');
    // found, general, major, unassessed, rectified, major rectified, rate, supervised, funds (万元), overdue
    expect(s.byTown.get('南村镇')).toEqual([2, 1, 1, 0, 1, 0, '50.0%', 1, 50, 1]);
    expect(s.byTown.get('巴公镇')).toEqual([1, 1, 0, 0, 0, 0, '0.0%', 0, 0, 0]);
    expect(s.byTown.get('未定属地（县局待指派）')).toEqual([1, 0, 0, 1, 0, 0, '0.0%', 0, 0, 0]);
    expect(s.byTown.get('合计')).toEqual([4, 2, 1, 1, 1, 0, '25.0%', 1, 50, 1]);
    expect(s.byEnterprise.get('泽州县金泰铸造有限公司')?.slice(0, 1)).toEqual([2]);
    expect(s.byEnterprise.get('某无名小厂')?.slice(0, 1)).toEqual([1]);
    expect(s.byEnterprise.get('未注明企业')?.slice(0, 1)).toEqual([1]);

    const year = await sheets(await county.request('/dashboard/stats/hazards.xlsx?period=2026'));
    expect(year.title).toContain('2026年度');
    expect(year.byTown.get('合计')?.[0]).toBe(5);
  });

  it.skipIf(skip)('a town official gets their own town only; a bad period is refused with what to type', async () => {
    const s = await sheets(await town.request('/dashboard/stats/hazards.xlsx?period=2026-Q2'));
    expect([...s.byTown.keys()]).toEqual(['南村镇', '合计']);
    expect(s.byTown.get('合计')?.[0]).toBe(2);
    const bad = await county.get('/dashboard/stats/hazards.xlsx?period=2026-Q5');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('2026-Q3');
  });

  it.skipIf(skip)('the monthly 通报 counts every tip, the one without a town too', async () => {
    const res = await county.request('/dashboard/stats/report.xlsx?month=2026-06');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const rows = wb.getWorksheet('通报')!.getSheetValues().filter(Array.isArray) as ExcelJS.CellValue[][];
    const byName = new Map(rows.filter((r) => typeof r[2] === 'string').map((r) => [String(r[2]), r.slice(3, 5)]));
    expect(byName.get('未定属地（县局待指派）')).toEqual([1, 0]);
    // June: bagong's hazard, the refused one and the unplaced tip.
    expect(byName.get('合计')?.[0]).toBe(3);
    const text = rows.map((r) => r.filter(Boolean).join(' ')).join('\n');
    expect(text).toContain('本月受理群众举报1件');
    expect(text).toContain('其中尚未确定属地1件');
  });
});
