import { cnDay } from '../dates.js';
import { borderedRow, ExcelJS, headerRow } from '../xlsx.js';
import type { HazardLedger, HazardRow } from './hazard-ledger.js';

const HEAD = ['排查隐患总数', '一般隐患', '重大隐患', '未定级', '已整改', '其中重大隐患已整改', '整改率', '挂牌督办', '整改资金（万元）', '逾期未整改'];

const cells = (r: HazardRow) => [
  r.found,
  r.general,
  r.major,
  r.unassessed,
  r.rectified,
  r.majorRectified,
  r.rate === undefined ? '—' : `${(r.rate * 100).toFixed(1)}%`,
  r.supervised,
  r.fundsWan,
  r.overdue,
];

function sheet(wb: ExcelJS.Workbook, name: string, l: HazardLedger, first: string[], rows: HazardRow[], lead: (r: HazardRow) => (string | number)[]) {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const width = first.length + HEAD.length;
  ws.columns = [...first.map((_, i) => ({ width: i === 0 ? 6 : 28 })), ...HEAD.map(() => ({ width: 12 }))];
  const title = ws.addRow([l.title]);
  ws.mergeCells(title.number, 1, title.number, width);
  title.font = { size: 16, bold: true };
  title.alignment = { horizontal: 'center' };
  const period = ws.addRow([`统计时间：${cnDay(l.period.start)}至${cnDay(new Date(l.period.end.getTime() - 1))}（截至${cnDay(l.asOf)}）`]);
  ws.mergeCells(period.number, 1, period.number, width);
  period.alignment = { horizontal: 'center' };
  headerRow(ws, [...first, ...HEAD]);
  rows.forEach((r, i) => borderedRow(ws, [i + 1, ...lead(r), ...cells(r)]));
  const total = borderedRow(ws, ['', ...lead(l.total).map((_, i) => (i === 0 ? '合计' : '')), ...cells(l.total)]);
  total.font = { bold: true };
  const note = ws.addRow(['依据《安全生产事故隐患排查治理暂行规定》（原国家安全监管总局令第16号）按季度、年度统计；不予受理的不计入；整改资金取自挂牌督办“五落实”资金栏。']);
  ws.mergeCells(note.number, 1, note.number, width);
  note.alignment = { wrapText: true };
  note.height = 30;
}

/** Two sheets: per town (with the county duty queue) and per enterprise, each with a total row. */
export function hazardWorkbook(l: HazardLedger): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  sheet(wb, '按镇（乡）', l, ['序号', '镇（乡）'], l.byTown, (r) => [r.name]);
  sheet(wb, '按企业', l, ['序号', '企业名称', '所属镇（乡）'], l.byEnterprise, (r) => [r.name, r.town ?? '']);
  return wb;
}
