import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { applyCommand, newCase, type Actor, type Case } from '../../../domain/index.js';
import { createDocuments, formatDocNumber } from '../../../jobs/documents/index.js';
import { supervisionLetter } from '../../../jobs/supervision-letter.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const t0 = new Date('2026-06-01T02:00:00Z');
const day = (n: number) => new Date(t0.getTime() + n * 86_400_000);
const town: Actor = { id: 't1', role: 'town_official', townId: 'nancun' };
const county: Actor = { id: 'c1', role: 'county_official' };
const photo = { id: 'a'.repeat(64), mime: 'image/jpeg', bytes: 10 };

function major(): Case {
  let c = newCase(
    { id: 'k1', number: 'ZZ-2026-000031', source: 'worker_report', description: '煤气柜水封高度不足\n存在泄漏风险', photos: [photo], townId: 'nancun', enterpriseId: 'ent-1', enterpriseName: '金泰铸造' },
    { id: 'w', role: 'worker' },
    t0,
  );
  c = applyCommand(c, { action: 'register', townId: 'nancun' }, town, t0);
  c = applyCommand(c, { action: 'assess', severity: 'major', deadline: day(10) }, town, t0);
  return applyCommand(c, { action: 'update_supervision', fields: { measures: '加高水封至规定高度', funding: '5万元' } }, county, t0);
}

const docxText = async (bytes: Uint8Array) => {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
};

describe('督办 documents', () => {
  it('numbers 督办通知书 from an atomic counter with the configured pattern, per year', async () => {
    const stores = await openSqliteStores({ file: ':memory:' });
    const docs = createDocuments({ cases: stores.cases, towns: stores.towns, enterprises: stores.enterprises, noticePattern: '泽应急督〔{year}〕{n}号' });
    const numbers = await Promise.all([1, 2, 3].map(() => docs.nextNoticeNumber(t0)));
    expect(numbers.sort()).toEqual(['泽应急督〔2026〕1号', '泽应急督〔2026〕2号', '泽应急督〔2026〕3号']);
    // The case numbers' own counter is untouched.
    expect(await stores.cases.nextSequence('ZZ', 2026)).toBe(1);
    expect(formatDocNumber('泽应急〔{year}〕督{n}号', 2027, 12)).toBe('泽应急〔2027〕督12号');
    await stores.close();
  });

  it('generates the 督办通知书 as a .docx with the case’s facts, and the same as plain text', async () => {
    const stores = await openSqliteStores({ file: ':memory:' });
    await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
    await stores.enterprises.insert(jintaiFoundry());
    const docs = createDocuments({ cases: stores.cases, towns: stores.towns, enterprises: stores.enterprises, noticePattern: '泽应急督〔{year}〕{n}号' });
    const { docx, text } = await docs.supervisionNotice(major(), '泽应急督〔2026〕7号', day(1));
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
    const inDoc = await docxText(docx);
    for (const s of [text, inDoc]) {
      expect(s).toContain('重大事故隐患挂牌督办通知书');
      expect(s).toContain('泽应急督〔2026〕7号');
      expect(s).toContain('泽州县金泰铸造有限公司：');
      expect(s).toContain('ZZ-2026-000031');
      expect(s).toContain('整改期限为2026年6月11日');
      expect(s).toContain('南村镇应急管理中心');
      expect(s).toContain('整改措施：加高水封至规定高度');
      expect(s).toContain('2026年6月2日');
    }
    expect(text).not.toMatch(/^[#>]|\*\*/m);
    await stores.close();
  });

  it('states days overdue in the 督办函 only when the case is open and past its deadline', async () => {
    const c = major();
    expect(supervisionLetter({ case: c, now: day(13) })).toContain('截至2026年6月14日，已逾期3天，仍未完成整改。');
    const onTime = supervisionLetter({ case: c, now: day(2) });
    expect(onTime).toContain('整改期限尚未届满');
    expect(onTime).not.toContain('已逾期');
    // Closed before its deadline, never overdue: no "已逾期0天", no "仍未完成整改".
    const closed: Case = { ...c, status: 'closed', closedAt: day(5) };
    const letter = supervisionLetter({ case: closed, now: day(20) });
    expect(letter).toContain('该隐患已于2026年6月6日整改完成并销号。');
    expect(letter).not.toMatch(/已逾期|，仍未完成整改。/);
    // Plain text: none of the Markdown the old draft showed raw.
    expect(letter).not.toMatch(/^(#|>)/m);
    expect(letter).toContain('泽应急督〔2026〕\u3000号');
  });
});
