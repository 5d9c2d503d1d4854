import type ExcelJS from 'exceljs';
import type { Context } from 'hono';

// Types only: the routes import this at start, while ExcelJS itself loads with the first workbook built
// (the workbook modules are imported by the routes when asked for).

/** Sends a workbook as a download; the Chinese file name goes in RFC 5987 form with an ASCII fallback. */
export async function sendWorkbook(c: Context, wb: ExcelJS.Workbook, fileName: string, asciiName: string) {
  const data = await wb.xlsx.writeBuffer();
  return c.body(new Uint8Array(data), 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
  });
}
