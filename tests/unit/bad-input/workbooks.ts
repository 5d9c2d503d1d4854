import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export const LEDGER_HEADER = ['序号', '企业名称', '统一社会信用代码', '所属镇（乡）', '行业类别', '规模以上', '风险等级', '监管层级', '重点领域', '生产状态', '简称/别名'];

/** A ledger row for 南村镇 in the template's column order (after 序号). */
export const row = (name: string, over: Partial<Record<'alias' | 'risk', string>> = {}) => [name, '', '南村镇', '机械', '否', over.risk ?? 'C', '镇级', '', '生产', over.alias ?? ''];

/** An .xlsx written by ExcelJS; `shape` may add sheets, formulas, hidden rows before it is saved. */
export async function ledgerXlsx(rows: unknown[][], shape?: (wb: ExcelJS.Workbook, sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('企业基本信息台账');
  sheet.addRow(LEDGER_HEADER);
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
  shape?.(wb, sheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Rewrites parts of a zip (an .xlsx) the way another program might have written them. */
export function patchZip(bytes: Uint8Array, patch: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  patch(files);
  return zipSync(files as Zippable);
}

export const text = (s: string) => strToU8(s);
export const xml = (b: Uint8Array) => new TextDecoder().decode(b);

/** A valid-looking .xlsx whose one sheet part inflates to `mb` megabytes of zeros (a zip bomb). */
export function zipBomb(mb: number): Uint8Array {
  const base = unzipSync(minimalXlsx());
  const zeros = new Uint8Array(mb * 1024 * 1024);
  return zipSync({ ...base, 'xl/worksheets/sheet2.xml': [zeros, { level: 9 }] } as Zippable);
}

/** The smallest zip ExcelJS accepts as a workbook: no worksheet at all in it. */
export function minimalXlsx(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': text(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    '_rels/.rels': text(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': text(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets/></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': text('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'),
  });
}

/** A zip of many tiny parts (entry-count bomb). */
export function manyEntries(n: number): Uint8Array {
  const files: Zippable = { ...unzipSync(minimalXlsx()) };
  for (let i = 0; i < n; i++) files[`xl/media/x${i}.bin`] = text('x');
  return zipSync(files);
}

const tables = new Map<string, Map<string, number[]>>();
/** Encodes text in a legacy Chinese encoding (Node decodes GBK and Big5 but cannot encode them: the table is built by decoding every code). */
export function toLegacy(s: string, encoding: 'gbk' | 'big5'): Uint8Array {
  let table = tables.get(encoding);
  if (!table) {
    table = new Map();
    const dec = new TextDecoder(encoding);
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(dec.decode(new Uint8Array([a, b])), [a, b]);
    }
    tables.set(encoding, table);
  }
  const out: number[] = [];
  for (const ch of s) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? [0x3f])));
  return new Uint8Array(out);
}
export const toGbk = (s: string) => toLegacy(s, 'gbk');

/** A CSV the way Excel on a Chinese Windows saves "CSV (逗号分隔)": GBK, CRLF. */
export const gbkCsv = () => toGbk('企业名称,所属镇（乡）,行业类别,风险等级\r\n泽州县甲机械厂,南村镇,机械,C\r\n');

export const OLE2_HEADER = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);

/** What Excel saves when a workbook gets an opening password: an OLE2 file with an EncryptedPackage stream. */
export const ENCRYPTED_XLSX = new Uint8Array([...OLE2_HEADER, ...Buffer.from('EncryptionInfo\u0000EncryptedPackage', 'utf16le'), ...new Array(256).fill(0)]);

