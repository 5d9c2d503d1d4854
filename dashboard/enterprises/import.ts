import { enterpriseSchema, isCountyLevel } from '../../domain/index.js';
import type { Actor, Enterprise, EnterpriseRepo, Town } from '../../domain/index.js';
import { openLedgerSheet } from './ledger-sheet.js';
import {
  findTown, parseAboveScale, parseCreditCode, parseFlags, parseIndustry, parseRiskLevel, parseStatus,
  parseSupervisionLevel, splitAliases, parseLocation, type LedgerKey } from './ledger.js';

export interface ImportRow {
  /** The row number as Excel shows it. */
  line: number;
  name: string;
  errors: string[];
  /** Told to the importer without stopping the row (a formula read from its cached value, characters removed). */
  warnings: string[];
  /** Set when the row is valid: the enterprise it would create. */
  enterprise?: Enterprise;
}

export interface ImportReport {
  fileErrors: string[];
  /** HTTP status for a file that cannot be read at all (400, or 413 when it is too big unpacked). */
  status?: 400 | 413;
  /** File-level notes: hidden sheets, other ledger sheets not imported. */
  warnings: string[];
  rows: ImportRow[];
  /** Rows read but deliberately not checked (合计, 说明), each with the reason. */
  skipped: { line: number; reason: string }[];
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
  const opened = await openLedgerSheet(data);
  if (!opened.ok) return { fileErrors: [opened.error], status: opened.status, warnings: [], rows: [], skipped: [] };
  const { columns } = opened;
  if (!columns.has('town') && !ctx.defaultTownId) {
    return { fileErrors: ['表格没有“所属镇（乡）”列：请在导入页选择所属镇（乡），或在表格中增加该列。'], status: 400, warnings: opened.warnings, rows: [], skipped: [] };
  }

  const rows: ImportRow[] = [];
  const skipped: ImportReport['skipped'] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  for (const sheetRow of opened.rows) {
    const { line, texts, value: v } = sheetRow;
    if (texts.every((x) => !x)) continue;
    if (texts.some((x) => TOTAL.test(x))) {
      skipped.push({ line, reason: '合计行，未导入' });
      continue;
    }
    if (NOTE.test(v('name'))) {
      skipped.push({ line, reason: '填表说明或备注行，未导入' });
      continue;
    }
    if (sheetRow.hidden) {
      rows.push({ line, name: v('name'), errors: ['该行在Excel中被隐藏，未导入：如需导入，请取消隐藏后重新上传'], warnings: [] });
      continue;
    }
    const row = checkRow(line, v, ctx);
    row.errors.unshift(...sheetRow.errors);
    row.warnings.push(...sheetRow.warnings);
    if (/^[=+\-@＝＋－＠]/.test(row.name)) row.errors.push(`企业名称“${row.name}”以公式符号开头，不像企业名称：请核对后重新上传`);
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
  if (rows.length === 0) return { fileErrors: ['表格中没有企业数据：请在表头下方逐行填写企业后再上传。'], status: 400, warnings: opened.warnings, rows, skipped };
  return { fileErrors: [], warnings: opened.warnings, rows, skipped };
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
    location: take(parseLocation(v('location'))),
    legalRep: v('legalRep') || undefined,
    safetyManager: v('safetyManager') || undefined,
    contactPhone: v('contactPhone') || undefined,
    address: v('address') || undefined,
    industryDetail: v('industryDetail') || undefined,
  };
  if (errors.length || !town) return { line, name, errors, warnings: [] };

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
  if (!parsed.success) return { line, name, errors: ['企业名称或简称长度不符（名称2到100字）'], warnings: [] };
  return { line, name, errors, warnings: [], enterprise: parsed.data };
}

async function registryConflicts(e: Enterprise, enterprises: EnterpriseRepo): Promise<string[]> {
  const out: string[] = [];
  const sameName = (await enterprises.search(e.name, 10, e.townId)).some((x) => x.name === e.name);
  if (sameName) out.push('本镇（乡）已登记同名企业');
  const byCode = e.creditCode ? await enterprises.getByCreditCode(e.creditCode) : null;
  if (byCode) out.push(`统一社会信用代码已由“${byCode.name}”登记`);
  return out;
}
