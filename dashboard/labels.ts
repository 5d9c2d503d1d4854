import type { CaseEvent, CaseSource, CaseStatus, EnterpriseFlag, Role, Severity } from '../domain/index.js';
import type { enterpriseStatuses, RiskLevel, supervisionLevels } from '../domain/index.js';
import type { TipReward } from '../domain/tips.js';
import { translator } from '../locales/index.js';

/** Case words come from the chat's catalog so the dashboard and the bot say the same thing. */
const t = translator('zh-CN');
export const statusLabel = (s: CaseStatus) => t(`status.${s}`);
export const severityLabel = (s: Severity) => t(`severity.${s}`);
export const sourceLabel = (s: CaseSource) => t(`source.${s}`);
export const actionLabel = (a: CaseEvent['action']) => t(`action.${a}`);
export const roleLabel = (r: Role) => t(`role.${r}`);
export const supervisionLabel = (f: 'responsibility' | 'measures' | 'funding' | 'timeLimit' | 'plan' | 'filed') => t(`supervision.${f}`);

export type SupervisionLevel = (typeof supervisionLevels)[number];
export type EnterpriseStatus = (typeof enterpriseStatuses)[number];

/** 举报奖励 as officials record it; the tipster's wording (how to claim) is the chat's `tip.reward.*`. */
export const rewardLabels: Record<TipReward, string> = { pending: '待核定', eligible: '符合奖励条件', ineligible: '不符合奖励条件', paid: '已发放' };

/** 四级风险分类监管: A（红）B（橙）C（黄）D（蓝）. */
export const riskLabels: Record<RiskLevel, string> = { A: 'A（红）', B: 'B（橙）', C: 'C（黄）', D: 'D（蓝）' };
export const supervisionLevelLabels: Record<SupervisionLevel, string> = { county: '县级', town: '镇级' };
export const enterpriseStatusLabels: Record<EnterpriseStatus, string> = { operating: '生产', suspended: '停产', closed: '关闭', zombie: '僵尸' };
export const flagLabels: Record<EnterpriseFlag, string> = {
  metal_smelting: '金属冶炼',
  dust_explosion: '粉尘涉爆',
  confined_space: '有限空间',
  ammonia_refrigeration: '涉氨制冷',
  gas: '煤气',
  hazchem_unit: '配套危化装置',
  factory_in_factory: '厂中厂',
};

/** Hazard categories for statistics, the headings of the county's 隐患排查手册. */
export const hazardCategories = [
  '金属冶炼', '熔融金属', '煤气', '粉尘涉爆', '有限空间', '液氨制冷', '配套危化装置', '动火作业', '高处作业', '外包与厂中厂', '通用管理', '其他',
] as const;
