import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Stores } from '../../../domain/index.js';
import { creditCodeCheckChar } from '../../../domain/index.js';
import { readLedger } from '../../../dashboard/enterprises/import.js';
import { ledgerValues } from '../../../dashboard/enterprises/ledger.js';
import { ledgerWorkbook, templateWorkbook } from '../../../dashboard/enterprises/workbooks.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';

const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const county: Actor = { id: 'c1', role: 'county_official' };
const townOfficial: Actor = { id: 't1', role: 'town_official', townId: 'nancun' };

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('reading a town’s 企业基本信息台账', () => {
  let stores: Stores;
  let n = 0;
  const read = async (data: Uint8Array, actor: Actor = county, defaultTownId?: string) =>
    readLedger(data, { towns: await stores.towns.list(), actor, defaultTownId, enterprises: stores.enterprises, newId: () => `new-${++n}`, now: new Date('2026-05-20') });

  beforeEach(async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
    await stores.towns.upsert({ id: 'lizhai', name: '李寨乡', groupChats: [] });
  });

  it('finds the header under a title row, matches loosely worded columns and parses every value form', async () => {
    const data = await xlsx([
      ['南村镇冶金工贸企业基本信息台账（2026年5月）'],
      ['序号', '企业（单位）名称*', '统一社会信用代码', '所属乡镇', '行业分类', '是否规上', '风险分级', '监管级别', '涉及领域', '经营状态', '简称'],
      [1, '泽州县金泰铸造有限公司', code('91140525MA0K00001').toLowerCase(), '南村', '冶金行业', '规上', '红', '县级', '金属冶炼、煤气', '正常生产', '金泰，金泰铸造'],
      [2, '泽州县李寨纺织厂', '', '李寨乡', '纺织', '', 'd', '', '', '长期停产', ''],
      [],
      ['合计', '2家'],
    ]);
    const report = await read(data);
    expect(report.fileErrors).toEqual([]);
    expect(report.rows.map((r) => r.errors)).toEqual([[], []]);
    expect(report.rows[0]).toMatchObject({
      line: 3,
      enterprise: {
        name: '泽州县金泰铸造有限公司', creditCode: code('91140525MA0K00001'), townId: 'nancun', industry: '冶金', aboveScale: true,
        riskLevel: 'A', supervisionLevel: 'county', flags: ['metal_smelting', 'gas'], status: 'operating', aliases: ['金泰', '金泰铸造'],
      },
    });
    expect(report.rows[1]!.enterprise).toMatchObject({ townId: 'lizhai', riskLevel: 'D', supervisionLevel: 'town', aboveScale: false, status: 'suspended' });
  });

  it('reports each bad row with the reason, and duplicates in the file or the registry', async () => {
    await stores.enterprises.insert({
      id: 'e0', name: '泽州县已登记机械厂', aliases: [], creditCode: code('91140525MA0K00009'), townId: 'nancun', industry: '机械', aboveScale: false,
      riskLevel: 'C', supervisionLevel: 'town', flags: [], status: 'operating', createdAt: new Date(), updatedAt: new Date(), version: 0,
    });
    const header = ['企业名称', '统一社会信用代码', '所属镇（乡）', '行业类别', '规模以上', '风险等级', '重点领域', '生产状态'];
    const report = await read(await xlsx([
      header,
      ['泽州县甲机械厂', '91140525MA0K0000X1', '南村镇', '机械', '否', 'C'],
      ['泽州县乙机械厂', '', '月球镇', '机械', '否', 'C'],
      ['泽州县丙机械厂', '', '南村镇', '农业', '也许', ''],
      ['泽州县丁机械厂', '', '南村镇', '机械', '否', 'C', '核电'],
      ['泽州县戊机械厂', code('91140525MA0K00002'), '南村镇', '机械', '否', 'C', '', '半死不活'],
      ['泽州县戊机械厂', code('91140525MA0K00002'), '南村镇', '机械', '否', 'C'],
      ['泽州县已登记机械厂', code('91140525MA0K00009'), '南村镇', '机械', '否', 'C'],
      ['', '', '南村镇', '机械', '否', 'C'],
    ]));
    const errors = report.rows.map((r) => r.errors.join(' | '));
    expect(errors[0]).toMatch(/统一社会信用代码“91140525MA0K0000X1”不正确/);
    expect(errors[1]).toBe('所属镇（乡）“月球镇”不在本县镇（乡）名单中');
    expect(errors[2]).toMatch(/行业类别“农业”不在分类标准.*规模以上应填“是”或“否”.*风险等级未填写/);
    expect(errors[3]).toMatch(/重点领域“核电”无法识别/);
    expect(errors[4]).toMatch(/生产状态“半死不活”/);
    expect(errors[5]).toBe('与第6行企业名称重复 | 与第6行统一社会信用代码重复');
    expect(errors[6]).toBe('本镇（乡）已登记同名企业 | 统一社会信用代码已由“泽州县已登记机械厂”登记');
    expect(errors[7]).toMatch(/企业名称未填写/);
    expect(report.rows.filter((r) => r.enterprise)).toHaveLength(0);
  });

  it('keeps a town official to their own town and fills an empty town column with it', async () => {
    const report = await read(
      await xlsx([['企业名称', '所属镇（乡）', '行业类别', '风险等级'], ['泽州县甲厂', '', '轻工', 'B'], ['泽州县乙厂', '李寨乡', '轻工', 'B']]),
      townOfficial,
      'nancun',
    );
    expect(report.rows[0]!.enterprise?.townId).toBe('nancun');
    expect(report.rows[1]!.errors).toEqual(['李寨乡的企业只能由该镇（乡）或县局导入']);
  });

  it('says so when the file is not a spreadsheet, has no header, or no town column and no default', async () => {
    expect((await read(new TextEncoder().encode('名称,镇\n甲,南村'))).fileErrors[0]).toMatch(/这是文本（CSV）文件/);
    expect((await read(await xlsx([['甲'], ['乙']]))).fileErrors[0]).toMatch(/未找到表头/);
    expect((await read(await xlsx([['企业名称'], ['泽州县甲厂']]))).fileErrors[0]).toMatch(/没有“所属镇（乡）”列/);
  });

  it('reads back its own export and template', async () => {
    const e = {
      id: 'x', name: '泽州县金泰铸造有限公司', aliases: ['金泰'], creditCode: code('91140525MA0K00001'), townId: 'nancun', industry: '机械' as const,
      aboveScale: true, riskLevel: 'B' as const, supervisionLevel: 'county' as const, flags: ['dust_explosion' as const], status: 'zombie' as const,
      createdAt: new Date(), updatedAt: new Date(), version: 0,
    };
    expect(ledgerValues(e, '南村镇')).toEqual(['泽州县金泰铸造有限公司', e.creditCode, '南村镇', '机械', '是', 'B（橙）', '县级', '粉尘涉爆', '僵尸', '金泰', '', '', '', '', '', '']);
    // 一企一档 columns go out and come back too.
    const full = { ...e, legalRep: '张三', safetyManager: '李四', contactPhone: '0356-1234567', address: '泽州县南村镇工业园区', industryDetail: '铸造：熔炼、浇注', location: { lat: 35.436, lng: 112.803 } };
    expect(ledgerValues(full, '南村镇').slice(10)).toEqual(['张三', '李四', '0356-1234567', '泽州县南村镇工业园区', '铸造：熔炼、浇注', '35.436,112.803']);
    const exported = new Uint8Array(await ledgerWorkbook([full], new Map([['nancun', '南村镇']])).xlsx.writeBuffer());
    const report = await read(exported);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = full;
    expect(report.rows[0]!.enterprise).toMatchObject(fields);

    const blank = await read(new Uint8Array(await templateWorkbook().xlsx.writeBuffer()));
    expect(blank.fileErrors).toEqual(['表格中没有企业数据：请在表头下方逐行填写企业后再上传。']);
  });
});
