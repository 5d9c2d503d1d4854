import { z } from 'zod';
import { isValidCreditCode } from './credit-code.js';

export const industries = ['冶金', '有色', '建材', '机械', '轻工', '纺织', '烟草', '商贸'] as const;
export const riskLevels = ['A', 'B', 'C', 'D'] as const; // A红 B橙 C黄 D蓝
export const supervisionLevels = ['county', 'town'] as const; // 县级 / 镇级
export const enterpriseFlags = [
  'metal_smelting', // 金属冶炼
  'dust_explosion', // 粉尘涉爆
  'confined_space', // 有限空间
  'ammonia_refrigeration', // 涉氨制冷
  'gas', // 煤气
  'hazchem_unit', // 配套危化装置
  'factory_in_factory', // 厂中厂
] as const;
export const enterpriseStatuses = ['operating', 'suspended', 'closed', 'zombie'] as const; // 生产/停产/关闭/僵尸

/** Optional text: the edges pass undefined for an empty field. */
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

export const enterpriseSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(2).max(100),
  aliases: z.array(z.string().trim().min(1).max(100)).max(20),
  creditCode: z
    .string()
    .refine(isValidCreditCode, { message: 'invalid unified social credit code' })
    .optional(),
  townId: z.string().min(1),
  industry: z.enum(industries),
  aboveScale: z.boolean(), // 规模以上
  riskLevel: z.enum(riskLevels),
  supervisionLevel: z.enum(supervisionLevels),
  flags: z.array(z.enum(enterpriseFlags)),
  status: z.enum(enterpriseStatuses),
  /** 一企一档 details, all optional (towns fill them in over time). */
  legalRep: optionalText(50), // 法定代表人
  safetyManager: optionalText(50), // 安全负责人
  contactPhone: optionalText(30), // 联系电话
  address: optionalText(200), // 地址
  industryDetail: optionalText(500), // 主要产品及工艺
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int().nonnegative(),
});

export type Enterprise = z.infer<typeof enterpriseSchema>;
export type Industry = (typeof industries)[number];
export type RiskLevel = (typeof riskLevels)[number];
export type EnterpriseFlag = (typeof enterpriseFlags)[number];
