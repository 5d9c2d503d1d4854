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

/** A county-supervised steel works in 巴公镇, known to workers by its short name 福盛钢铁. */
export function fushengSteel(over: Partial<Enterprise> = {}): Enterprise {
  const now = new Date();
  return {
    id: 'ent-fs',
    name: '山西福盛钢铁有限公司',
    aliases: ['福盛钢铁'],
    creditCode: '91140525MA0K7T8X1B',
    townId: 'bagong',
    industry: '冶金',
    aboveScale: true,
    riskLevel: 'A',
    supervisionLevel: 'county',
    flags: ['metal_smelting', 'gas'],
    status: 'operating',
    createdAt: now,
    updatedAt: now,
    version: 0,
    ...over,
  };
}
