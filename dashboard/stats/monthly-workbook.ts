import { cnDay } from '../dates.js';
import { border, borderedRow, ExcelJS, headerRow } from '../xlsx.js';
import { days } from './compute.js';
import { lateTownsText, type MonthlyReport } from './monthly-report.js';

const COLUMNS = 9;

function merged(sheet: ExcelJS.Worksheet, text: string, font: Partial<ExcelJS.Font>, align: 'center' | 'left' | 'right' = 'left', height?: number) {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, COLUMNS);
  row.font = font;
  row.alignment = { horizontal: align, vertical: 'middle', wrapText: true };
  if (height) row.height = height;
  return row;
}

/** The 通报 laid out as the county circulates it: title, period, per-town table, overdue list, towns named. */
export function monthlyWorkbook(r: MonthlyReport, issuedAt: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('通报', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  sheet.columns = [6, 18, 12, 24, 40, 10, 12, 10, 12].map((width) => ({ width }));
  merged(sheet, '泽州县应急管理局', { size: 14, bold: true, color: { argb: 'FFB71C1C' } }, 'center', 24);
  merged(sheet, r.title, { size: 18, bold: true }, 'center', 36);
  merged(sheet, r.period, { size: 11 }, 'center');
  sheet.addRow([]);

  merged(sheet, '一、各镇（乡）隐患排查治理情况', { size: 12, bold: true });
  headerRow(sheet, ['序号', '镇（乡）', '本月新增', '其中重大隐患', '本月销号', '累计未销号', '逾期未整改', '平均销号用时（天）']);
  r.towns.forEach((t, i) => borderedRow(sheet, [i + 1, t.name, t.reported, t.major, t.closed, t.open, t.overdue, days(t.avgDaysToClose)]));
  const u = r.unassigned;
  if (u) borderedRow(sheet, ['', u.name, u.reported, u.major, u.closed, u.open, u.overdue, days(u.avgDaysToClose)]);
  const total = borderedRow(sheet, ['', r.total.name, r.total.reported, r.total.major, r.total.closed, r.total.open, r.total.overdue, days(r.total.avgDaysToClose)]);
  total.font = { bold: true };
  merged(sheet, `本月受理群众举报${r.intake.tips}件（含扫码、电话、邮件、信箱等各渠道，其中尚未确定属地${r.intake.tipsWithoutTown}件），AI 智能预警立案${r.intake.aiAlerts}件。`, { size: 11 });
  sheet.addRow([]);

  merged(sheet, `二、逾期未整改隐患清单（${r.overdue.length}项）`, { size: 12, bold: true });
  headerRow(sheet, ['序号', '案件编号', '镇（乡）', '企业名称', '隐患描述', '等级', '整改期限', '逾期天数', '状态']);
  if (r.overdue.length === 0) merged(sheet, '无', {}, 'center').getCell(1).border = border;
  r.overdue.forEach((o, i) => borderedRow(sheet, [i + 1, o.number, o.town, o.enterprise, o.description, o.severity, o.deadline, o.daysOverdue, o.status]));
  sheet.addRow([]);

  merged(sheet, '三、通报', { size: 12, bold: true });
  merged(sheet, lateTownsText(r), { size: 11 }, 'left', 48);
  sheet.addRow([]);
  merged(sheet, '泽州县应急管理局', { size: 11 }, 'right');
  merged(sheet, cnDay(issuedAt), { size: 11 }, 'right');
  return wb;
}
