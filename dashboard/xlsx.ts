import ExcelJS from 'exceljs';
import { neutraliseFormula } from './xlsx-cells.js';

export { ExcelJS };

const thin = { style: 'thin' as const };
export const border = { top: thin, left: thin, bottom: thin, right: thin };

/** A bold, shaded, bordered table header, the way county ledgers look. */
export function headerRow(sheet: ExcelJS.Worksheet, values: string[]): ExcelJS.Row {
  const row = sheet.addRow(values);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  return row;
}

/** A bordered data row; text that starts like a formula is neutralised (see xlsx-cells.ts), whoever typed it. */
export function borderedRow(sheet: ExcelJS.Worksheet, values: (string | number | Date | null)[]): ExcelJS.Row {
  const row = sheet.addRow(values.map(neutraliseFormula));
  row.alignment = { vertical: 'top', wrapText: true };
  row.eachCell({ includeEmpty: true }, (cell) => (cell.border = border));
  return row;
}
