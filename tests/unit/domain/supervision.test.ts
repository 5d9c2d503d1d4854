import { describe, expect, it } from 'vitest';
import {
  applyCommand,
  applySupervision,
  availableActions,
  availableTrailActions,
  canSee,
  DomainError,
  newCase,
  unavailableActions,
  type Actor,
  type Case,
  type ErrorCode,
  type PhotoRef,
} from '../../../domain/index.js';

const now = new Date('2026-06-01T02:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
const photo: PhotoRef = { id: 'a'.repeat(64), mime: 'image/jpeg', bytes: 1234 };
const town: Actor = { id: 't1', role: 'town_official', townId: 'bagong' };
const otherTown: Actor = { id: 't9', role: 'town_official', townId: 'nancun' };
const county: Actor = { id: 'c1', role: 'county_official' };
const county2: Actor = { id: 'c2', role: 'county_official' };
const boss: Actor = { id: 'e1', role: 'enterprise', enterpriseId: 'ent-fs', townId: 'bagong' };
const otherBoss: Actor = { id: 'e2', role: 'enterprise', enterpriseId: 'ent-x', townId: 'bagong' };
const expert: Actor = { id: 'x1', role: 'expert', enterpriseIds: ['ent-fs'] };

const code = (fn: () => unknown): ErrorCode | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
};

function majorCase(source: Case['source'] = 'worker_report'): Case {
  let c = newCase(
    { id: 'k1', number: 'ZZ-2026-000007', source, description: '转炉煤气柜水封高度不足', photos: [photo], townId: 'bagong', enterpriseId: 'ent-fs', reporterId: 'w1' },
    { id: 'w1', role: 'worker' },
    now,
  );
  c = applyCommand(c, { action: 'register', townId: 'bagong' }, town, now);
  return applyCommand(c, { action: 'assess', severity: 'major', deadline: later(30) }, town, now);
}

describe('the enterprise’s and the expert’s part', () => {
  it('lets the enterprise see its own cases, never a tip about it, never another enterprise’s', () => {
    const c = majorCase();
    expect(canSee(c, boss)).toBe(true);
    expect(canSee(c, otherBoss)).toBe(false);
    expect(canSee({ ...c, source: 'anonymous_tip', reporterId: undefined }, boss)).toBe(false);
    expect(canSee({ ...c, source: 'anonymous_tip', reporterId: undefined }, expert)).toBe(false);
    expect(canSee(c, expert)).toBe(true);
  });

  it('offers the enterprise rectification and review requests only', () => {
    let c = majorCase();
    expect(availableActions(c, boss)).toEqual(['start_rectification']);
    c = applyCommand(c, { action: 'start_rectification' }, boss, now);
    expect(availableActions(c, boss)).toEqual(['request_review']);
    expect(code(() => applyCommand(c, { action: 'extend_deadline', deadline: later(60), reason: 'x' }, boss, now))).toBe('FORBIDDEN');
    c = applyCommand(c, { action: 'request_review', afterPhotos: [photo] }, boss, now);
    expect(c.status).toBe('review_requested');
    expect(availableActions(c, boss)).toEqual([]);
  });

  it('lets an assigned expert review their own general findings, not a major one', () => {
    let c = newCase({ id: 'k2', number: 'ZZ-2026-000008', source: 'expert_service', description: '除尘器未设泄爆装置', photos: [photo], townId: 'bagong', enterpriseId: 'ent-fs', reporterId: 'x1' }, expert, now);
    c = applyCommand(c, { action: 'register', townId: 'bagong' }, town, now);
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: later(10) }, town, now);
    c = applyCommand(c, { action: 'start_rectification' }, boss, now);
    c = applyCommand(c, { action: 'request_review', afterPhotos: [photo] }, boss, now);
    expect(availableActions(c, expert)).toEqual(['approve', 'send_back']);
    expect(applyCommand(c, { action: 'approve', note: '已加装泄爆片，复核合格' }, expert, now).status).toBe('closed');
  });
});

describe('never offered when it cannot be done, with the reason', () => {
  it('does not offer the assessor the review, and says why', () => {
    let c = newCase({ id: 'k3', number: 'ZZ-2026-000009', source: 'worker_report', description: '配电箱门缺失', photos: [photo], townId: 'bagong' }, { id: 'w', role: 'worker' }, now);
    c = applyCommand(c, { action: 'register', townId: 'bagong' }, town, now);
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: later(5) }, town, now);
    c = applyCommand(c, { action: 'start_rectification' }, town, now);
    c = applyCommand(c, { action: 'request_review', afterPhotos: [photo] }, town, now);
    expect(availableActions(c, town)).toEqual(['send_back', 'escalate']);
    expect(unavailableActions(c, town)).toEqual([{ action: 'approve', reason: 'REVIEWER_IS_ASSESSOR' }]);
    expect(availableActions(c, { ...town, id: 't2' })).toContain('approve');
  });
});

describe('挂牌督办 trail', () => {
  it('runs 督办通知书 → 送达 → 签收, each step by whom it belongs to', () => {
    let c = majorCase();
    expect(availableTrailActions(c, county)).toEqual(['issue_notice']);
    expect(availableTrailActions(c, town)).toEqual([]);
    expect(code(() => applySupervision(c, { action: 'issue_notice', docNumber: '泽应急督〔2026〕1号' }, town, now))).toBe('FORBIDDEN');
    c = applySupervision(c, { action: 'issue_notice', docNumber: '泽应急督〔2026〕1号', documentId: 'doc1' }, county, now);
    expect(c.notice).toMatchObject({ docNumber: '泽应急督〔2026〕1号', issuedBy: 'c1', documentId: 'doc1' });
    // Not served yet: the enterprise cannot sign for what it did not receive.
    expect(availableTrailActions(c, boss)).toEqual(['request_extension']);
    expect(code(() => applySupervision(c, { action: 'acknowledge_notice' }, boss, now))).toBe('NOTICE_NOT_SERVED');
    expect(code(() => applySupervision(c, { action: 'serve_notice', via: [] }, county, now))).toBe('NOTICE_NOT_SERVED');
    c = applySupervision(c, { action: 'serve_notice', via: ['web', 'tg', 'web'] }, county, later(1));
    expect(c.notice).toMatchObject({ servedAt: later(1), servedVia: ['web', 'tg'] });
    expect(code(() => applySupervision(c, { action: 'acknowledge_notice' }, otherBoss, now))).toBe('FORBIDDEN');
    c = applySupervision(c, { action: 'acknowledge_notice' }, boss, later(2));
    expect(c.notice).toMatchObject({ acknowledgedAt: later(2), acknowledgedBy: 'e1' });
    expect(availableTrailActions(c, boss)).toEqual(['request_extension']);
    expect(c.history.slice(-3).map((e) => e.action)).toEqual(['issue_notice', 'serve_notice', 'acknowledge_notice']);
  });

  it('takes an extension request with reason and attachment; the town decides with a reason; approval moves the deadline', () => {
    let c = majorCase();
    const ask = { action: 'request_extension' as const, id: 'x1', deadline: later(60), reason: '设备订货周期45天', attachments: [photo] };
    expect(code(() => applySupervision(c, { ...ask, reason: ' ' }, boss, now))).toBe('REASON_REQUIRED');
    expect(code(() => applySupervision(c, { ...ask, attachments: [] }, boss, now))).toBe('ATTACHMENT_REQUIRED');
    expect(code(() => applySupervision(c, { ...ask, deadline: later(20) }, boss, now))).toBe('DEADLINE_IN_PAST');
    expect(code(() => applySupervision(c, ask, town, now))).toBe('FORBIDDEN');
    c = applySupervision(c, ask, boss, now);
    expect(availableTrailActions(c, boss)).toEqual([]);
    expect(code(() => applySupervision(c, { ...ask, id: 'x2' }, boss, now))).toBe('EXTENSION_PENDING');
    expect(availableTrailActions(c, town)).toEqual(['decide_extension']);
    expect(availableTrailActions(c, otherTown)).toEqual([]);
    expect(code(() => applySupervision(c, { action: 'decide_extension', id: 'x1', approve: true, reason: '' }, town, now))).toBe('REASON_REQUIRED');
    c = applySupervision(c, { action: 'decide_extension', id: 'x1', approve: true, reason: '订货合同属实，同意' }, town, later(1));
    expect(c.deadline).toEqual(later(60));
    expect(c.extensions?.[0]).toMatchObject({ decision: 'approved', decidedBy: 't1', previousDeadline: later(30), attachments: [photo] });
    expect(c.history.at(-1)).toMatchObject({ action: 'decide_extension', rule: 'extension_approved', note: '订货合同属实，同意' });
    // A second request may be refused, and the deadline stays.
    c = applySupervision(c, { ...ask, id: 'x2', deadline: later(90) }, boss, later(2));
    c = applySupervision(c, { action: 'decide_extension', id: 'x2', approve: false, reason: '理由不充分' }, county, later(3));
    expect(c.deadline).toEqual(later(60));
    expect(c.extensions?.map((x) => x.decision)).toEqual(['approved', 'refused']);
  });

  it('records 验收 (who, when, opinion, photos) by the county, required before a major case closes; a send-back voids it', () => {
    let c = majorCase();
    c = applyCommand(c, { action: 'update_supervision', fields: { responsibility: '厂长', measures: '加高水封', funding: '5万元', timeLimit: '30日', plan: '专项预案', filed: true } }, county, now);
    c = applyCommand(c, { action: 'start_rectification' }, boss, now);
    expect(availableTrailActions(c, county)).toEqual(['issue_notice']);
    c = applyCommand(c, { action: 'request_review', afterPhotos: [photo] }, boss, now);
    expect(availableTrailActions(c, town)).toEqual([]);
    expect(code(() => applySupervision(c, { action: 'record_acceptance', opinion: 'ok', photos: [] }, town, now))).toBe('MAJOR_CLOSE_REQUIRES_COUNTY');
    expect(code(() => applySupervision(c, { action: 'record_acceptance', opinion: '', photos: [] }, county, now))).toBe('OPINION_REQUIRED');
    c = applySupervision(c, { action: 'record_acceptance', opinion: '水封高度已达标，验收合格', photos: [photo] }, { ...county, name: '李四' }, now);
    expect(c.acceptance).toEqual({ at: now, by: 'c1', byName: '李四', opinion: '水封高度已达标，验收合格', photos: [photo] });
    const back = applyCommand(c, { action: 'send_back', reason: '复查发现仍有渗漏' }, county2, now);
    expect(back.acceptance).toBeUndefined();
    expect(applyCommand(c, { action: 'approve', note: '同意销号' }, county2, now).status).toBe('closed');
  });
});
