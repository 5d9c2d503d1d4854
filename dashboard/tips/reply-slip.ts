import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { formatReceiptCode } from '../../handlers/tips/index.js';
import { cnDay } from '../dates.js';

export interface ReplySlip {
  caseNumber: string;
  receiptCode: string;
  pin: string;
  channel: 'phone' | 'letter';
  at: Date;
  /** Where a tipster checks progress online (the H5 form's page), when the service has a public URL. */
  checkUrl?: string;
}

const line = (label: string, value: string) =>
  new Paragraph({ spacing: { after: 160 }, children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun({ text: value, size: 28 })] });

/** 举报受理回执 as a .docx the staff print and post (信箱) or keep for a caller who comes to collect it. */
export async function replySlipDocx(s: ReplySlip): Promise<Buffer> {
  const doc = new Document({
    creator: '泽州县应急管理局',
    title: '举报受理回执',
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: '泽州县应急管理局\n举报受理回执', bold: true, size: 36 })] }),
          new Paragraph({ text: '' }),
          line('受理方式', s.channel === 'phone' ? '电话' : '信箱（来信）'),
          line('受理日期', cnDay(s.at)),
          line('案件编号', s.caseNumber),
          line('举报码', formatReceiptCode(s.receiptCode)),
          line('举报密码', s.pin),
          new Paragraph({ text: '' }),
          new Paragraph({
            children: [
              new TextRun(
                '请妥善保管本回执。凭举报码和举报密码可随时查询处理进度、申领举报奖励：' +
                  (s.checkUrl ? `打开 ${s.checkUrl} ，或` : '') +
                  '在网页聊天或 Telegram 机器人中发送“/tip 举报码”后输入举报密码，或致电县应急管理局。',
              ),
            ],
          }),
          new Paragraph({ children: [new TextRun('本局对举报人信息严格保密。回执中的举报密码只打印这一次，工作人员不保存、无法找回。')] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
