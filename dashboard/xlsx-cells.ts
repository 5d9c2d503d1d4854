import type ExcelJS from 'exceljs';

/**
 * Characters a spreadsheet program may take as the start of a formula (OWASP "CSV Injection"): `= + - @`,
 * tab and carriage return. Full-width ＝＋－＠ are included because Excel's IME input converts them.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * A text cell for export that no spreadsheet will run: text starting like a formula gets a leading
 * apostrophe, as OWASP recommends, so `=HYPERLINK(...)` typed into a report arrives as the text it was.
 * Numbers and dates pass unchanged.
 */
export function neutraliseFormula<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** C0/C1 control characters and bidi overrides: invisible, and they break names, searches and exports. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export interface CellRead {
  text: string;
  /** The cell held a formula; `text` is the value Excel cached when the file was saved (never re-evaluated). */
  formula: boolean;
  /** A formula with no cached value (the file was written by a program that does not calculate). */
  uncached: boolean;
  /** Control or invisible characters were removed from the text. */
  cleaned: boolean;
}

function rawText(v: ExcelJS.CellValue): { text: string; formula: boolean; uncached: boolean } {
  if (v === null || v === undefined) return { text: '', formula: false, uncached: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), formula: false, uncached: false };
  if (typeof v !== 'object') return { text: String(v), formula: false, uncached: false };
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as ExcelJS.CellFormulaValue).result;
    if (r === undefined || r === null) return { text: '', formula: true, uncached: true };
    if (r instanceof Date) return { text: r.toISOString().slice(0, 10), formula: true, uncached: false };
    if (typeof r === 'object') return { text: 'error' in r ? String(r.error) : '', formula: true, uncached: 'error' in r };
    return { text: String(r), formula: true, uncached: false };
  }
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join(''), formula: false, uncached: false };
  if ('text' in v) return { text: String(v.text), formula: false, uncached: false };
  if ('error' in v) return { text: '', formula: false, uncached: false };
  return { text: '', formula: false, uncached: false };
}

/**
 * What a cell says, read safely: a formula's cached result (formulas are never evaluated on import), control
 * characters removed, and the apostrophe `neutraliseFormula` added on export taken off again, so an exported
 * ledger imports back to the same values.
 */
export function readCell(cell: ExcelJS.Cell): CellRead {
  const raw = rawText(cell.value);
  // OOXML writes characters XML cannot hold as `_xHHHH_` (ST_Xstring); ExcelJS leaves them escaped.
  const unescaped = raw.text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const stripped = unescaped.replace(CONTROL, '');
  const cleaned = stripped !== raw.text;
  const text = stripped.trim().replace(/^'(?=[=+\-@＝＋－＠])/, '');
  return { text, formula: raw.formula, uncached: raw.uncached, cleaned };
}
