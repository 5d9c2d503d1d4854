import { isOverdue, type Case } from '../../domain/index.js';
import { dateTime, day } from '../dates.js';
import { severityLabel, sourceLabel, statusLabel } from '../labels.js';
import { borderedRow, ExcelJS, headerRow } from '../xlsx.js';

/** The filtered case list as a sheet an office can sort and print. */
export function casesWorkbook(cases: Case[], townNames: Map<string, string>, now: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('隐患案件', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [8, 18, 12, 28, 48, 10, 10, 10, 12, 12, 18, 18].map((width) => ({ width }));
  headerRow(sheet, ['序号', '案件编号', '镇（乡）', '企业名称', '隐患描述', '来源', '等级', '类别', '状态', '整改期限', '上报时间', '销号时间']);
  cases.forEach((c, i) =>
    borderedRow(sheet, [
      i + 1,
      c.number,
      c.townId ? (townNames.get(c.townId) ?? c.townId) : '待指派',
      c.enterpriseName ?? '',
      c.description,
      sourceLabel(c.source),
      c.severity ? severityLabel(c.severity) : '待评估',
      c.category ?? '',
      statusLabel(c.status) + (isOverdue(c, now) ? '（逾期）' : ''),
      day(c.deadline),
      dateTime(c.createdAt),
      dateTime(c.closedAt),
    ]),
  );
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return wb;
}
