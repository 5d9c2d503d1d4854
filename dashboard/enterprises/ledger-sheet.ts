import { readCell, type CellRead } from '../xlsx-cells.js';
import { checkWorkbookBytes } from '../xlsx-guard.js';
import { ExcelJS } from '../xlsx.js';
import { columnOf, ledgerColumns, type LedgerKey } from './ledger.js';

export const MAX_LEDGER_ROWS = 5000;

/** One data row of the ledger sheet, read safely, with what the importer must be told about it. */
export interface SheetRow {
  line: number;
  hidden: boolean;
  /** Cell text by column; a column the sheet lacks reads as ''. */
  value: (k: LedgerKey) => string;
  /** Every non-empty cell's text, to recognise 合计/说明 rows. */
  texts: string[];
  /** Row-level notes: formulas read from their cached value, control characters removed. */
  warnings: string[];
  /** Reasons the row cannot be imported as it stands (a formula with no cached value). */
  errors: string[];
}

export type LedgerSheet =
  | { ok: false; error: string; status: 400 | 413 }
  | { ok: true; sheetName: string; columns: Map<LedgerKey, number>; rows: SheetRow[]; warnings: string[] };

const headerOf = (k: LedgerKey) => ledgerColumns.find((c) => c.key === k)!.header;
const isHidden = (s: ExcelJS.Worksheet) => s.state === 'hidden' || s.state === 'veryHidden';

function headerIn(sheet: ExcelJS.Worksheet): { line: number; columns: Map<LedgerKey, number> } | undefined {
  for (let line = 1; line <= Math.min(10, sheet.rowCount); line++) {
    const columns = new Map<LedgerKey, number>();
    sheet.getRow(line).eachCell((cell, col) => {
      const key = columnOf(readCell(cell).text);
      if (key && !columns.has(key)) columns.set(key, col);
    });
    if (columns.has('name')) return { line, columns };
  }
  return undefined;
}

function readRow(row: ExcelJS.Row, columns: Map<LedgerKey, number>): SheetRow {
  const reads = new Map<LedgerKey, CellRead>();
  for (const [k, col] of columns) reads.set(k, readCell(row.getCell(col)));
  const texts: string[] = [];
  row.eachCell((cell) => void texts.push(readCell(cell).text));
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [k, r] of reads) {
    if (r.uncached) errors.push(`“${headerOf(k)}”是公式，文件中没有保存计算结果（系统不计算公式）：请在Excel中打开、保存后重新上传，或把公式改为数值`);
    else if (r.formula) warnings.push(`“${headerOf(k)}”是公式，已按文件保存时的计算结果“${r.text}”读取（系统不计算公式）`);
    if (r.cleaned) warnings.push(`“${headerOf(k)}”含控制字符或不可见字符，已删除`);
  }
  return { line: row.number, hidden: row.hidden, value: (k) => reads.get(k)?.text ?? '', texts, warnings, errors };
}

/**
 * Opens an uploaded ledger safely and picks its sheet: the bytes are checked before ExcelJS inflates them,
 * formulas are read from their cached values only, hidden sheets are never imported and are named in the
 * report, and only rows holding values are visited (a sheet whose declared dimension runs to row 1,048,576
 * is read by its content, not its styling).
 */
export async function openLedgerSheet(data: Uint8Array): Promise<LedgerSheet> {
  const refused = checkWorkbookBytes(data);
  if (refused) return { ok: false, error: refused.message, status: refused.status };
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); Node's generic Buffer is the same bytes.
    await wb.xlsx.load(Buffer.from(data) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    return { ok: false, status: 400, error: '无法读取该文件：工作簿已损坏或不是Excel保存的 .xlsx。请在Excel中打开后重新“另存为 .xlsx”再上传（可先下载模板）。' };
  }
  if (wb.worksheets.length === 0) return { ok: false, status: 400, error: '工作簿中没有任何工作表：请把台账填在模板的“企业基本信息台账”工作表中再上传。' };

  const warnings: string[] = [];
  const found = wb.worksheets.flatMap((sheet) => {
    const h = headerIn(sheet);
    return h ? [{ sheet, ...h }] : [];
  });
  const visible = found.filter((f) => !isHidden(f.sheet));
  for (const sheet of wb.worksheets.filter((s) => isHidden(s) && s.actualRowCount > 0)) {
    warnings.push(`工作表“${sheet.name}”处于隐藏状态，其中的内容未导入：如需导入，请在Excel中取消隐藏，或将其内容移到台账工作表后重新上传。`);
  }
  const chosen = visible[0];
  if (!chosen) {
    if (found.length) return { ok: false, status: 400, error: `台账所在的工作表“${found[0]!.sheet.name}”被隐藏，未导入任何数据：请在Excel中右键工作表标签 →“取消隐藏”后重新上传。` };
    return { ok: false, status: 400, error: '未找到表头：表格前10行中应有“企业名称”等列（可下载模板对照）。' };
  }
  for (const other of visible.slice(1)) {
    warnings.push(`工作表“${other.sheet.name}”也有台账表头，未导入：每次只导入第一个台账工作表“${chosen.sheet.name}”，其余请分开上传。`);
  }

  const rows: SheetRow[] = [];
  let tooMany = false;
  chosen.sheet.eachRow((row, line) => {
    if (line <= chosen.line || tooMany) return;
    if (rows.length >= MAX_LEDGER_ROWS) tooMany = true;
    else rows.push(readRow(row, chosen.columns));
  });
  if (tooMany) return { ok: false, status: 400, error: `表格超过${MAX_LEDGER_ROWS}行，请按镇（乡）分批导入。` };
  return { ok: true, sheetName: chosen.sheet.name, columns: chosen.columns, rows, warnings };
}
