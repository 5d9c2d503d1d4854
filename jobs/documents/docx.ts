import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { numbered, type DocumentText } from './facts.js';

// 公文 conventions, approximately: 方正小标宋 title, 仿宋 body at 三号 (16 pt = 32 half-points).
const BODY = { font: 'FangSong', size: 32 } as const;
const TITLE = { font: 'SimSun', size: 44, bold: true } as const;

const line = (text: string, o: { center?: boolean; right?: boolean; indent?: boolean; title?: boolean } = {}) =>
  new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : o.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: o.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560 },
    children: [new TextRun({ text, ...(o.title ? TITLE : BODY) })],
  });

/** The document as .docx bytes (the `docx` package; runs on Node 20). */
export async function toDocx(d: DocumentText): Promise<Uint8Array> {
  const doc = new Document({
    creator: d.issuer,
    title: `${d.title} ${d.docNumber}`,
    sections: [
      {
        children: [
          line(d.issuer, { center: true, title: true }),
          line(d.title, { center: true, title: true }),
          line(d.docNumber, { center: true }),
          line(''),
          line(`${d.addressee}：`),
          ...d.paragraphs.map((p) => line(p, { indent: true })),
          ...numbered(d.requirements).map((r) => line(r, { indent: true })),
          line(''),
          ...(d.contact ? [line(d.contact, { indent: true })] : []),
          line(d.signature, { right: true }),
          line(d.date, { right: true }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
