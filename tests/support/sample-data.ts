import type { Enterprise } from '../../domain/index.js';

/** The foundry most scenarios report about: a registered 规模以上 metal-smelting enterprise in 南村镇. */
export function jintaiFoundry(over: Partial<Enterprise> = {}): Enterprise {
  const now = new Date();
  return {
    id: 'ent-1',
    name: '泽州县金泰铸造有限公司',
    aliases: ['金泰铸造'],
    creditCode: '91350100M000100Y43',
    townId: 'nancun',
    industry: '机械',
    aboveScale: true,
    riskLevel: 'B',
    supervisionLevel: 'town',
    flags: ['metal_smelting'],
    status: 'operating',
    createdAt: now,
    updatedAt: now,
    version: 0,
    ...over,
  };
}
