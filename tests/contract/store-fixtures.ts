import { randomUUID } from 'node:crypto';
import type { Case, PhotoRef } from '../../domain/case.js';
import { creditCodeCheckChar } from '../../domain/credit-code.js';
import type { Enterprise } from '../../domain/enterprise.js';
import type { Identity } from '../../domain/identity.js';
import type { Town } from '../../domain/town.js';

/** Records for the store contract: `full*` fills every optional field, `minimal*` none. */

/** Odd millisecond values catch any adapter that rounds to seconds. */
export const at = (iso: string, ms = 123): Date => new Date(`${iso}T08:00:00.${String(ms).padStart(3, '0')}+08:00`);

/** A valid 统一社会信用代码 derived from `n`. */
export function creditCode(n: number): string {
  const first17 = `91140525${String(n).padStart(8, '0')}M`;
  return first17 + creditCodeCheckChar(first17);
}

export const photo = (n: number, evidence = true): PhotoRef => ({
  id: String(n).padStart(64, 'a'),
  mime: 'image/jpeg',
  bytes: 1000 + n,
  ...(evidence && { originalSha256: String(n).padStart(64, 'b'), capturedAt: at('2026-03-01', 7 + n) }),
});

let seq = 0;
const nextNumber = () => `ZZ-2026-${String(++seq).padStart(6, '0')}`;

export function minimalCase(over: Partial<Case> = {}): Case {
  const createdAt = over.createdAt ?? at('2026-03-02');
  return {
    id: randomUUID(),
    number: nextNumber(),
    source: 'anonymous_tip',
    status: 'reported',
    description: '车间粉尘堆积，未见除尘设备运行',
    beforePhotos: [],
    afterPhotos: [],
    createdAt,
    updatedAt: createdAt,
    version: 0,
    history: [{ at: createdAt, actorId: 'anon', actorRole: 'worker', action: 'report', from: null, to: 'reported' }],
    ...over,
  };
}

export function fullCase(over: Partial<Case> = {}): Case {
  return minimalCase({
    source: 'worker_report',
    status: 'rectifying',
    enterpriseId: 'ent-1',
    enterpriseName: '泽州县华通铸造有限公司',
    townId: 'town-a',
    category: 'dust_explosion',
    severity: 'major',
    beforePhotos: [photo(1), photo(2, false)],
    afterPhotos: [photo(3)],
    location: { lat: 35.617, lng: 112.839, label: '南村镇 二号车间' },
    reporterId: 'id-worker',
    assessorId: 'id-town',
    assigneeId: 'id-assignee',
    deadline: at('2026-04-01', 999),
    supervision: {
      listedAt: at('2026-03-03', 1),
      listedBy: 'id-county',
      filed: true,
      responsibility: '厂长 张三',
      measures: '停产整改，安装除尘系统',
      funding: '12 万元',
      timeLimit: '30 日',
      plan: '粉尘爆炸专项应急预案',
    },
    rejectReason: '（历史）首次上报信息不全',
    notice: {
      docNumber: '泽应急督〔2026〕3号',
      issuedAt: at('2026-03-05', 1),
      issuedBy: 'id-county',
      documentId: 'c'.repeat(64),
      servedAt: at('2026-03-05', 2),
      servedVia: ['web', 'in_person'],
      servedBy: 'id-county',
      acknowledgedAt: at('2026-03-06', 3),
      acknowledgedBy: 'id-county',
      receipt: { signer: '王安全', recordedBy: 'id-county', photos: [{ id: 'd'.repeat(64), mime: 'image/jpeg', bytes: 2048 }] },
    },
    levelHistory: [
      { at: at('2026-03-02', 12), to: 'town', action: 'register', actorId: 'system', actorRole: 'system', rule: 'enterprise_name' },
      { at: at('2026-03-03', 1), from: 'town', to: 'county', action: 'assess', actorId: 'id-town', actorRole: 'town_official' },
    ],
    escalatedAt: at('2026-03-20', 456),
    closedAt: at('2026-03-21', 789),
    updatedAt: at('2026-03-22', 5),
    version: 3,
    history: [
      { at: at('2026-03-02', 10), actorId: 'id-worker', actorRole: 'worker', action: 'report', from: null, to: 'reported' },
      {
        at: at('2026-03-04', 11),
        actorId: 'id-town',
        actorRole: 'town_official',
        action: 'request_review',
        from: 'rectifying',
        to: 'review_requested',
        note: '已整改',
        evidence: [photo(3), photo(4, false)],
      },
    ],
    ...over,
  });
}

export function fullEnterprise(over: Partial<Enterprise> = {}): Enterprise {
  return {
    ...minimalEnterprise(),
    creditCode: creditCode(1),
    aliases: ['华通铸造', 'Huatong Casting'],
    aboveScale: true,
    riskLevel: 'A',
    supervisionLevel: 'county',
    flags: ['dust_explosion', 'metal_smelting'],
    status: 'suspended',
    version: 2,
    ...over,
  };
}

export function minimalEnterprise(over: Partial<Enterprise> = {}): Enterprise {
  return {
    id: randomUUID(),
    name: '泽州县华通铸造有限公司',
    aliases: [],
    townId: 'town-a',
    industry: '机械',
    aboveScale: false,
    riskLevel: 'D',
    supervisionLevel: 'town',
    flags: [],
    status: 'operating',
    createdAt: at('2026-01-05', 321),
    updatedAt: at('2026-01-06', 654),
    version: 0,
    ...over,
  };
}

export function fullIdentity(over: Partial<Identity> = {}): Identity {
  return {
    ...minimalIdentity(),
    role: 'town_official',
    townId: 'town-a',
    username: 'li.town',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    mustChangePassword: true,
    ...over,
  };
}

export function minimalIdentity(over: Partial<Identity> = {}): Identity {
  return { id: randomUUID(), displayName: '李四', role: 'worker', createdAt: at('2026-02-01', 77), ...over };
}

export const town = (over: Partial<Town> = {}): Town => ({
  id: 'town-a',
  name: '南村镇',
  groupChats: ['tg:-1001', 'wecom:group-nc'],
  ...over,
});
