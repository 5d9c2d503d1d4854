import { enterpriseFlags, enterpriseStatuses, industries, isValidCreditCode, riskLevels } from '../../domain/index.js';
import type { Enterprise, EnterpriseFlag, Industry, RiskLevel, Town } from '../../domain/index.js';
import { enterpriseStatusLabels, flagLabels, riskLabels, supervisionLevelLabels, type EnterpriseStatus, type SupervisionLevel } from '../labels.js';

/**
 * The columns of a town's 企业基本信息台账: the template, the import and the export use the same ones, so a
 * downloaded ledger can be corrected and sent back. Headers are matched loosely (towns word them differently).
 */
export const ledgerColumns = [
  { key: 'name', header: '企业名称', width: 36, aliases: ['单位名称', '企业单位名称', '名称'] },
  { key: 'creditCode', header: '统一社会信用代码', width: 24, aliases: ['信用代码', '社会信用代码'] },
  { key: 'town', header: '所属镇（乡）', width: 14, aliases: ['所属乡镇', '乡镇', '镇', '属地', '所在镇'] },
  { key: 'industry', header: '行业类别', width: 10, aliases: ['行业', '行业分类', '所属行业'] },
  { key: 'aboveScale', header: '规模以上', width: 10, aliases: ['是否规上', '是否规模以上', '规上', '企业规模', '规模'] },
  { key: 'riskLevel', header: '风险等级', width: 12, aliases: ['风险分级', '风险级别'] },
  { key: 'supervisionLevel', header: '监管层级', width: 10, aliases: ['监管级别', '监管层次'] },
  { key: 'flags', header: '重点领域', width: 28, aliases: ['风险领域', '涉及领域', '重点行业领域'] },
  { key: 'status', header: '生产状态', width: 10, aliases: ['经营状态', '企业状态', '状态'] },
  { key: 'aliases', header: '简称/别名', width: 20, aliases: ['简称', '别名'] },
  { key: 'legalRep', header: '法定代表人', width: 12, aliases: ['法人', '法人代表'] },
  { key: 'safetyManager', header: '安全负责人', width: 12, aliases: ['安全管理负责人', '安全生产负责人'] },
  { key: 'contactPhone', header: '联系电话', width: 16, aliases: ['电话', '联系方式'] },
  { key: 'address', header: '地址', width: 30, aliases: ['企业地址', '详细地址', '生产地址'] },
  { key: 'industryDetail', header: '主要产品及工艺', width: 30, aliases: ['主要产品', '生产工艺', '经营范围'] },
  { key: 'location', header: '经纬度', width: 20, aliases: ['坐标', '位置'] },
] as const;
export type LedgerKey = (typeof ledgerColumns)[number]['key'];

/** Header text without spaces, required-field stars or parenthesised notes: `所属镇（乡）*` → `所属镇`. */
const normalizeHeader = (h: string): string => h.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊:：]/g, '');

export function columnOf(header: string): LedgerKey | undefined {
  const h = normalizeHeader(header);
  return ledgerColumns.find((c) => normalizeHeader(c.header) === h || c.aliases.some((a) => normalizeHeader(a) === h))?.key;
}

type Parsed<T> = { value: T } | { error: string };
const ok = <T>(value: T): Parsed<T> => ({ value });
const bad = (error: string): Parsed<never> => ({ error });

export function parseIndustry(s: string): Parsed<Industry> {
  const v = s.replace(/行业$/, '');
  const found = industries.find((i) => i === v);
  return found ? ok(found) : bad(s ? `行业类别“${s}”不在分类标准（${industries.join('、')}）之内` : '行业类别未填写');
}

export function parseAboveScale(s: string): Parsed<boolean> {
  if (/^(是|规上|规模以上|y|yes|true|1)$/i.test(s)) return ok(true);
  if (/^(否|规下|规模以下|n|no|false|0)?$/i.test(s)) return ok(false);
  return bad(`规模以上应填“是”或“否”，而不是“${s}”`);
}

const riskColours: Record<string, RiskLevel> = { 红: 'A', 橙: 'B', 黄: 'C', 蓝: 'D' };
export function parseRiskLevel(s: string): Parsed<RiskLevel> {
  const letter = /^[A-Da-d]/.exec(s)?.[0]?.toUpperCase();
  const colour = Object.keys(riskColours).find((k) => s.includes(k));
  const level = riskLevels.find((r) => r === letter) ?? (colour ? riskColours[colour] : undefined);
  return level ? ok(level) : bad(s ? `风险等级“${s}”应为A（红）、B（橙）、C（黄）或D（蓝）` : '风险等级未填写');
}

export function parseSupervisionLevel(s: string): Parsed<SupervisionLevel> {
  if (/^县/.test(s)) return ok('county');
  if (s === '' || /^(镇|乡)/.test(s)) return ok('town');
  return bad(`监管层级“${s}”应为县级或镇级`);
}

const flagSynonyms: Record<string, EnterpriseFlag> = { 涉爆粉尘: 'dust_explosion', 液氨制冷: 'ammonia_refrigeration', 涉氨: 'ammonia_refrigeration', 危化装置: 'hazchem_unit' };
export function parseFlags(s: string): Parsed<EnterpriseFlag[]> {
  const parts = s.split(/[、,，;；/\s]+/).filter(Boolean);
  const flags: EnterpriseFlag[] = [];
  for (const p of parts) {
    const f = enterpriseFlags.find((k) => flagLabels[k] === p) ?? flagSynonyms[p];
    if (!f) return bad(`重点领域“${p}”无法识别（可填：${Object.values(flagLabels).join('、')}）`);
    if (!flags.includes(f)) flags.push(f);
  }
  return ok(flags);
}

const statusWords: [RegExp, EnterpriseStatus][] = [
  [/^(生产|在产|正常|正常生产|运营|经营)?$/, 'operating'],
  [/^(停产|停业|停工|长期停产|停产停业)$/, 'suspended'],
  [/^(关闭|关停|注销|已关闭)$/, 'closed'],
  [/^(僵尸|僵尸企业)$/, 'zombie'],
];
export function parseStatus(s: string): Parsed<EnterpriseStatus> {
  const hit = statusWords.find(([re]) => re.test(s));
  return hit ? ok(hit[1]) : bad(`生产状态“${s}”应为生产、停产、关闭或僵尸`);
}

export function parseCreditCode(s: string): Parsed<string | undefined> {
  const code = s.replace(/\s/g, '').toUpperCase();
  if (!code) return ok(undefined);
  return isValidCreditCode(code) ? ok(code) : bad(`统一社会信用代码“${s}”不正确（位数、字符或校验位不符）`);
}

/** A town by its name (with or without 镇/乡) or id. */
export function findTown(towns: Town[], s: string): Town | undefined {
  const v = s.trim();
  return towns.find((t) => t.name === v || t.id === v || t.name.replace(/[镇乡]$/, '') === v.replace(/[镇乡]$/, ''));
}

/** 经纬度 as "lat,lng" (either order is taken when unambiguous for this county: latitude ~35, longitude ~112). */
export function parseLocation(s: string): Parsed<{ lat: number; lng: number } | undefined> {
  const v = s.trim();
  if (!v) return ok(undefined);
  const nums = v.split(/[,，\s]+/).map(Number);
  if (nums.length !== 2 || nums.some((n) => !Number.isFinite(n))) return bad(`经纬度“${s}”应为“纬度,经度”，如 35.61,112.88`);
  const [a, b] = nums as [number, number];
  const [lat, lng] = Math.abs(a) <= 90 && Math.abs(b) > 90 ? [a, b] : Math.abs(b) <= 90 && Math.abs(a) > 90 ? [b, a] : [a, b];
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? ok({ lat, lng }) : bad(`经纬度“${s}”超出范围`);
}

export const splitAliases = (s: string): string[] =>
  [...new Set(s.split(/[、,，;；]+/).map((a) => a.trim()).filter(Boolean))].slice(0, 20);

/** An enterprise as one ledger row, in column order (export). */
export function ledgerValues(e: Enterprise, townName: string): string[] {
  const byKey: Record<LedgerKey, string> = {
    name: e.name,
    creditCode: e.creditCode ?? '',
    town: townName,
    industry: e.industry,
    aboveScale: e.aboveScale ? '是' : '否',
    riskLevel: riskLabels[e.riskLevel],
    supervisionLevel: supervisionLevelLabels[e.supervisionLevel],
    flags: e.flags.map((f) => flagLabels[f]).join('、'),
    status: enterpriseStatusLabels[e.status],
    aliases: e.aliases.join('、'),
    legalRep: e.legalRep ?? '',
    safetyManager: e.safetyManager ?? '',
    contactPhone: e.contactPhone ?? '',
    address: e.address ?? '',
    industryDetail: e.industryDetail ?? '',
    location: e.location ? `${e.location.lat},${e.location.lng}` : '',
  };
  return ledgerColumns.map((c) => byKey[c.key]);
}

/** Allowed values, for the template's drop-downs and its 填写说明 sheet. */
export const ledgerChoices: Partial<Record<LedgerKey, string[]>> = {
  industry: [...industries],
  aboveScale: ['是', '否'],
  riskLevel: riskLevels.map((r) => riskLabels[r]),
  supervisionLevel: Object.values(supervisionLevelLabels),
  status: enterpriseStatuses.map((s) => enterpriseStatusLabels[s]),
};
