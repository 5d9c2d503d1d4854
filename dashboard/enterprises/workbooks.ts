import type { Enterprise } from '../../domain/index.js';
import { creditCodeCheckChar } from '../../domain/index.js';
import { flagLabels } from '../labels.js';
import { borderedRow, ExcelJS, headerRow } from '../xlsx.js';
import { ledgerChoices, ledgerColumns, ledgerValues } from './ledger.js';

const EXAMPLE_CODE = `91140525MA0K00000${creditCodeCheckChar('91140525MA0K00000')}`;

function ledgerSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 6 }, ...ledgerColumns.map((c) => ({ width: c.width }))];
  headerRow(sheet, ['序号', ...ledgerColumns.map((c) => c.header)]);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

/** The blank 企业基本信息台账 a town fills in: drop-downs where the values are fixed, and a sheet of instructions. */
export function templateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = ledgerSheet(wb, '企业基本信息台账');
  for (let line = 2; line <= 1001; line++) {
    ledgerColumns.forEach((c, i) => {
      const choices = ledgerChoices[c.key];
      if (choices) {
        sheet.getCell(line, i + 2).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${choices.join(',')}"`],
          showErrorMessage: true,
          errorTitle: c.header,
          error: `请从下拉列表中选择：${choices.join('、')}`,
        };
      }
    });
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 18 }, { width: 90 }];
  headerRow(help, ['列', '填写要求']);
  const notes: [string, string][] = [
    ['企业名称', '必填，与营业执照一致，2到100字；同一镇（乡）内不得重复。'],
    ['统一社会信用代码', '18位，导入时校验校验位；暂缺可留空。'],
    ['所属镇（乡）', '填写镇（乡）全称，如“南村镇”；留空时使用导入页面所选镇（乡）。'],
    ['行业类别', `按《冶金有色建材机械轻工纺织烟草商贸行业安全监管分类标准（试行）》填写：${ledgerChoices.industry?.join('、')}；不在分类标准中的企业不录入。`],
    ['规模以上', '是 / 否。'],
    ['风险等级', 'A（红）、B（橙）、C（黄）、D（蓝），也可只填字母或颜色。'],
    ['监管层级', '县级 / 镇级（留空按镇级）。'],
    ['重点领域', `可多选，用顿号分隔：${Object.values(flagLabels).join('、')}。`],
    ['生产状态', '生产、停产、关闭、僵尸（留空按生产）。'],
    ['简称/别名', '群众举报时常用的叫法，多个用顿号分隔。'],
  ];
  for (const n of notes) borderedRow(help, n);
  // The example lives here, not in the ledger sheet, so it can never be imported by mistake.
  help.addRow([]);
  help.addRow(['填写示例']).font = { bold: true };
  const example = ['泽州县示例铸造有限公司', EXAMPLE_CODE, '南村镇', '机械', '是', 'B（橙）', '镇级', '金属冶炼、有限空间', '生产', '示例铸造'];
  ledgerColumns.forEach((c, i) => borderedRow(help, [c.header, example[i] ?? '']));
  return wb;
}

export function ledgerWorkbook(enterprises: Enterprise[], townNames: Map<string, string>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = ledgerSheet(wb, '企业基本信息台账');
  enterprises.forEach((e, i) => borderedRow(sheet, [i + 1, ...ledgerValues(e, townNames.get(e.townId) ?? e.townId)]));
  return wb;
}
