import type { Case, CaseStatus, Town } from '../../domain/index.js';
import { monthRange } from '../dates.js';
import { statusAt } from './monthly-report.js';

/**
 * 事故隐患排查治理情况统计 in the form 《安全生产事故隐患排查治理暂行规定》(原国家安监总局令第16号) asks for each
 * quarter and year: hazards found (一般/重大), rectified, the rectification rate, major hazards under 挂牌督办, the
 * funds put in (资金, from the 五落实 record), and what is overdue at the period's end.
 */
export interface HazardRow {
  name: string;
  town?: string;
  found: number;
  general: number;
  major: number;
  unassessed: number;
  rectified: number;
  majorRectified: number;
  /** Rectified / found, 0–1; undefined when nothing was found. */
  rate: number | undefined;
  supervised: number;
  /** 万元, summed from the 资金 field of 挂牌督办 records that state an amount. */
  fundsWan: number;
  overdue: number;
}

export interface HazardPeriod {
  label: string;
  key: string;
  start: Date;
  end: Date;
}

export interface HazardLedger {
  title: string;
  period: HazardPeriod;
  asOf: Date;
  byTown: HazardRow[];
  byEnterprise: HazardRow[];
  total: HazardRow;
}

/** `2026-Q3` (a quarter) or `2026` (a year), in Shanghai time. */
export function parseHazardPeriod(value: string | undefined): HazardPeriod | undefined {
  const m = /^(\d{4})(?:-Q([1-4]))?$/i.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const year = Number(m[1]);
  const q = m[2] ? Number(m[2]) : undefined;
  const first = q ? (q - 1) * 3 + 1 : 1;
  const last = q ? q * 3 : 12;
  return {
    key: q ? `${year}-Q${q}` : String(year),
    label: q ? `${year}年第${'一二三四'[q - 1]}季度` : `${year}年度`,
    start: monthRange({ year, month: first }).start,
    end: monthRange({ year, month: last }).end,
  };
}

/** 资金 as typed in the 五落实 record ("50万元", "8000元", "专项资金12.5万"); 0 when no amount is stated. */
export function fundsWan(text: string | undefined): number {
  const m = /(\d+(?:\.\d+)?)\s*(万元|万|元)/.exec(text?.replace(/[,，]/g, '') ?? '');
  if (!m) return 0;
  const v = Number(m[1]);
  return m[2] === '元' ? v / 10_000 : v;
}

const deadlineStatuses: readonly CaseStatus[] = ['assessed', 'rectifying', 'review_requested'];

function row(name: string, cases: Case[], asOf: Date, town?: string): HazardRow {
  const closed = (c: Case) => statusAt(c, asOf) === 'closed';
  const found = cases.length;
  const rectified = cases.filter(closed).length;
  return {
    name,
    ...(town !== undefined && { town }),
    found,
    general: cases.filter((c) => c.severity === 'general').length,
    major: cases.filter((c) => c.severity === 'major').length,
    unassessed: cases.filter((c) => !c.severity).length,
    rectified,
    majorRectified: cases.filter((c) => c.severity === 'major' && closed(c)).length,
    rate: found ? rectified / found : undefined,
    supervised: cases.filter((c) => c.supervision && c.supervision.listedAt < asOf).length,
    fundsWan: Math.round(cases.reduce((sum, c) => sum + (c.supervision ? fundsWan(c.supervision.funding) : 0), 0) * 100) / 100,
    overdue: cases.filter((c) => deadlineStatuses.includes(statusAt(c, asOf) as CaseStatus) && !!c.deadline && c.deadline < asOf).length,
  };
}

/**
 * The ledger of hazards found in the period, as they stand at its end (or now, for the running period). A case
 * refused as 不予受理 is not a hazard and is left out. Towns and enterprises are aggregated here: the Mongo subset
 * has no $facet or $cond.
 */
export function hazardLedger(cases: Case[], towns: Town[], enterpriseNames: Map<string, string>, p: HazardPeriod, now: Date): HazardLedger {
  const asOf = p.end < now ? new Date(p.end.getTime() - 1) : now;
  const found = cases.filter((c) => c.createdAt >= p.start && c.createdAt < p.end && statusAt(c, asOf) !== null && statusAt(c, asOf) !== 'rejected');
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const byTown = towns.map((t) => row(t.name, found.filter((c) => c.townId === t.id), asOf));
  const unplaced = found.filter((c) => !c.townId || !townName.has(c.townId));
  if (unplaced.length) byTown.push(row('未定属地（县局待指派）', unplaced, asOf));

  const groups = new Map<string, Case[]>();
  for (const c of found) {
    const key = c.enterpriseId ?? `name:${c.enterpriseName?.trim() || '未注明企业'}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const byEnterprise = [...groups.entries()]
    .map(([key, own]) => {
      const name = key.startsWith('name:') ? key.slice(5) : (enterpriseNames.get(key) ?? own[0]?.enterpriseName ?? key);
      const town = own[0]?.townId ? (townName.get(own[0].townId) ?? own[0].townId) : '未定属地';
      return row(name, own, asOf, town);
    })
    .sort((a, b) => b.found - a.found || a.name.localeCompare(b.name, 'zh-CN'));

  return {
    title: `泽州县事故隐患排查治理情况统计表（${p.label}）`,
    period: p,
    asOf,
    byTown,
    byEnterprise,
    total: row('合计', found, asOf),
  };
}
