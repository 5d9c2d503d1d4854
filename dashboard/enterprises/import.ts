import { enterpriseSchema, isCountyLevel } from '../../domain/index.js';
import type { Actor, Enterprise, EnterpriseRepo, Town } from '../../domain/index.js';
import { cellText, ExcelJS } from '../xlsx.js';
import {
  columnOf, findTown, parseAboveScale, parseCreditCode, parseFlags, parseIndustry, parseRiskLevel, parseStatus,
  parseSupervisionLevel, splitAliases, type LedgerKey,
} from './ledger.js';

const MAX_LEDGER_ROWS = 5000;

export interface ImportRow {
  /** The row number as Excel shows it. */
  line: number;
  name: string;
  errors: string[];
  /** Set when the row is valid: the enterprise it would create. */
  enterprise?: Enterprise;
}

export interface ImportReport {
  fileErrors: string[];
  rows: ImportRow[];
}

export interface ImportContext {
  towns: Town[];
  /** For rows that leave the town empty (a town official's own town, or the town chosen in the form). */
  defaultTownId?: string;
  actor: Actor;
  enterprises: EnterpriseRepo;
  newId: () => string;
  now: Date;
}

const TOTAL = /^(合计|总计|小计)/;
const NOTE = /^(填表|说明|注[:：]|备注)/;

/**
 * Reads a town's 企业基本信息台账 and checks every row; writes nothing. A row is valid when every field parses,
 * its town exists and is the importer's to edit, and neither its name (within the town) nor its credit code
 * is taken, in the file or in the registry.
 */
export async function readLedger(data: Uint8Array, ctx: ImportContext): Promise<ImportReport> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); Node's generic Buffer is the same bytes.
    await wb.xlsx.load(Buffer.from(data) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    return { fileErrors: ['无法读取该文件：请上传 .xlsx 格式的Excel表格（可先下载模板）。'], rows: [] };
  }
  const found = findHeader(wb);
  if (!found) return { fileErrors: ['未找到表头：表格前10行中应有“企业名称”等列（可下载模板对照）。'], rows: [] };
  const { sheet, headerLine, columns } = found;
  if (!columns.has('town') && !ctx.defaultTownId) {
    return { fileErrors: ['表格没有“所属镇（乡）”列：请在导入页选择所属镇（乡），或在表格中增加该列。'], rows: [] };
  }
  if (sheet.rowCount - headerLine > MAX_LEDGER_ROWS) {
    return { fileErrors: [`表格超过${MAX_LEDGER_ROWS}行，请按镇（乡）分批导入。`], rows: [] };
  }

  const rows: ImportRow[] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  for (let line = headerLine + 1; line <= sheet.rowCount; line++) {
    const cells = sheet.getRow(line);
    const v = (k: LedgerKey) => (columns.has(k) ? cellText(cells.getCell(columns.get(k)!)) : '');
    const texts: string[] = [];
    cells.eachCell((cell) => void texts.push(cellText(cell)));
    if (texts.every((x) => !x) || texts.some((x) => TOTAL.test(x)) || NOTE.test(v('name'))) continue;
    const row = checkRow(line, v, ctx);
    // Duplicates are told on every row that repeats an earlier one, valid or not: the file needs fixing either way.
    const town = v('town') ? (findTown(ctx.towns, v('town'))?.id ?? v('town')) : ctx.defaultTownId;
    const nameKey = `${town}\u0000${row.name}`;
    if (row.name && names.has(nameKey)) row.errors.push(`与第${names.get(nameKey)}行企业名称重复`);
    else if (row.name) names.set(nameKey, line);
    const code = v('creditCode').replace(/\s/g, '').toUpperCase();
    if (code && codes.has(code)) row.errors.push(`与第${codes.get(code)}行统一社会信用代码重复`);
    else if (code) codes.set(code, line);
    if (row.enterprise && row.errors.length === 0) row.errors.push(...(await registryConflicts(row.enterprise, ctx.enterprises)));
    if (row.errors.length) delete row.enterprise;
    rows.push(row);
  }
  return { fileErrors: rows.length ? [] : ['表格中没有企业数据。'], rows };
}

function findHeader(wb: ExcelJS.Workbook) {
  for (const sheet of wb.worksheets) {
    for (let line = 1; line <= Math.min(10, sheet.rowCount); line++) {
      const columns = new Map<LedgerKey, number>();
      sheet.getRow(line).eachCell((cell, col) => {
        const key = columnOf(cellText(cell));
        if (key && !columns.has(key)) columns.set(key, col);
      });
      if (columns.has('name')) return { sheet, headerLine: line, columns };
    }
  }
  return undefined;
}

function checkRow(line: number, v: (k: LedgerKey) => string, ctx: ImportContext): ImportRow {
  const name = v('name');
  const errors: string[] = [];
  const take = <T>(p: { value: T } | { error: string }): T | undefined => ('error' in p ? void errors.push(p.error) : p.value);

  if (!name) errors.push('企业名称未填写');
  const townText = v('town');
  const town = townText ? findTown(ctx.towns, townText) : ctx.towns.find((t) => t.id === ctx.defaultTownId);
  if (!town) errors.push(townText ? `所属镇（乡）“${townText}”不在本县镇（乡）名单中` : '所属镇（乡）未填写');
  else if (!isCountyLevel(ctx.actor) && town.id !== ctx.actor.townId) errors.push(`${town.name}的企业只能由该镇（乡）或县局导入`);
  const fields = {
    creditCode: take(parseCreditCode(v('creditCode'))),
    industry: take(parseIndustry(v('industry'))),
    aboveScale: take(parseAboveScale(v('aboveScale'))),
    riskLevel: take(parseRiskLevel(v('riskLevel'))),
    supervisionLevel: take(parseSupervisionLevel(v('supervisionLevel'))),
    flags: take(parseFlags(v('flags'))),
    status: take(parseStatus(v('status'))),
  };
  if (errors.length || !town) return { line, name, errors };

  const parsed = enterpriseSchema.safeParse({
    id: ctx.newId(),
    name,
    aliases: splitAliases(v('aliases')).filter((a) => a !== name),
    townId: town.id,
    ...fields,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 0,
  });
  if (!parsed.success) return { line, name, errors: ['企业名称或简称长度不符（名称2到100字）'] };
  return { line, name, errors, enterprise: parsed.data };
}

async function registryConflicts(e: Enterprise, enterprises: EnterpriseRepo): Promise<string[]> {
  const out: string[] = [];
  const sameName = (await enterprises.search(e.name, 10, e.townId)).some((x) => x.name === e.name);
  if (sameName) out.push('本镇（乡）已登记同名企业');
  const byCode = e.creditCode ? await enterprises.getByCreditCode(e.creditCode) : null;
  if (byCode) out.push(`统一社会信用代码已由“${byCode.name}”登记`);
  return out;
}
