import { describe, expect, it } from 'vitest';
import {
  applyCommand,
  applySupervision,
  availableActions,
  canSee,
  DomainError,
  newCase,
  type Actor,
  type Case,
  type Command,
  type ErrorCode,
  type PhotoRef,
} from '../../../domain/index.js';

const now = new Date('2026-06-01T02:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
const photo: PhotoRef = { id: 'a'.repeat(64), mime: 'image/jpeg', bytes: 1234 };

const worker: Actor = { id: 'w1', role: 'worker' };
const townA: Actor = { id: 't1', role: 'town_official', townId: 'nancun' };
const townA2: Actor = { id: 't2', role: 'town_official', townId: 'nancun' };
const townB: Actor = { id: 't3', role: 'town_official', townId: 'bagong' };
const county: Actor = { id: 'c1', role: 'county_official' };
const county2: Actor = { id: 'c2', role: 'county_official' };

const reported = (over: Partial<Case> = {}): Case => ({
  ...newCase(
    { id: 'id1', number: 'ZZ-2026-000001', source: 'worker_report', description: '二号高炉煤气管道有泄漏', photos: [photo], townId: 'nancun', reporterId: 'w1' },
    worker,
    now,
  ),
  ...over,
});

const run = (c: Case, steps: Array<[Command, Actor]>): Case => steps.reduce((acc, [cmd, a]) => applyCommand(acc, cmd, a, now), c);

const expectCode = (fn: () => unknown, code: ErrorCode) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
};

const toRectifying = (severity: 'general' | 'major') =>
  run(reported(), [
    [{ action: 'register', townId: 'nancun' }, townA],
    [{ action: 'assess', severity, deadline: later(15) }, townA],
    [{ action: 'start_rectification' }, townA],
  ]);

describe('case workflow: the closed loop 上报 → 登记 → 评估 → 整改 → 复核 → 销号', () => {
  it('runs a general hazard through every state to closure, recording who did what', () => {
    const closed = run(toRectifying('general'), [
      [{ action: 'request_review', afterPhotos: [photo], note: '已更换阀门' }, townA],
      [{ action: 'approve' }, townA2],
    ]);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).toEqual(now);
    expect(closed.history.map((e) => e.to)).toEqual(['reported', 'registered', 'assessed', 'rectifying', 'review_requested', 'closed']);
    expect(closed.history.map((e) => e.actorId)).toEqual(['w1', 't1', 't1', 't1', 't1', 't2']);
    expect(closed.history[4]?.evidence).toEqual([photo]);
  });

  it('rejects a description that is empty or over 2000 characters', () => {
    expectCode(() => newCase({ id: 'x', number: 'n', source: 'worker_report', description: '   ', photos: [] }, worker, now), 'INVALID_INPUT');
    expectCode(() => newCase({ id: 'x', number: 'n', source: 'worker_report', description: '隐'.repeat(2001), photos: [] }, worker, now), 'INVALID_INPUT');
  });

  it('refuses a tenth photo', () => {
    expectCode(() => newCase({ id: 'x', number: 'n', source: 'worker_report', description: '粉尘清扫不及时', photos: Array(10).fill(photo) }, worker, now), 'TOO_MANY_PHOTOS');
  });

  it('refuses transitions out of order', () => {
    expectCode(() => applyCommand(reported(), { action: 'start_rectification' }, townA, now), 'INVALID_TRANSITION');
    expectCode(() => applyCommand(reported(), { action: 'approve' }, county, now), 'INVALID_TRANSITION');
  });

  it('requires a town at registration, and a town official registers for their own town only', () => {
    expectCode(() => applyCommand(reported(), { action: 'register', townId: '' }, county, now), 'TOWN_REQUIRED');
    expectCode(() => applyCommand(reported({ townId: undefined }), { action: 'register', townId: 'bagong' }, townA, now), 'WRONG_TOWN');
  });

  it('keeps town officials out of other towns', () => {
    expectCode(() => applyCommand(reported(), { action: 'register', townId: 'bagong' }, townB, now), 'WRONG_TOWN');
    expect(canSee(reported(), townB)).toBe(false);
    expect(availableActions(reported(), townB)).toEqual([]);
    expect(canSee(reported(), county)).toBe(true);
  });

  it('lets workers see only their own reports and act only by dispute', () => {
    expect(canSee(reported(), worker)).toBe(true);
    expect(canSee(reported(), { id: 'w9', role: 'worker' })).toBe(false);
    expectCode(() => applyCommand(reported(), { action: 'register', townId: 'nancun' }, worker, now), 'FORBIDDEN');
  });

  it('requires a reason to reject a report', () => {
    expectCode(() => applyCommand(reported(), { action: 'reject', reason: '  ' }, townA, now), 'REASON_REQUIRED');
    const r = applyCommand(reported(), { action: 'reject', reason: '重复上报' }, townA, now);
    expect(r.status).toBe('rejected');
    expect(r.rejectReason).toBe('重复上报');
  });

  it('requires a severity and a future deadline at assessment', () => {
    const registered = applyCommand(reported(), { action: 'register', townId: 'nancun' }, townA, now);
    expectCode(() => applyCommand(registered, { action: 'assess', severity: undefined as never, deadline: later(3) }, townA, now), 'SEVERITY_REQUIRED');
    expectCode(() => applyCommand(registered, { action: 'assess', severity: 'general', deadline: new Date('x') }, townA, now), 'DEADLINE_REQUIRED');
    expectCode(() => applyCommand(registered, { action: 'assess', severity: 'general', deadline: later(-1) }, townA, now), 'DEADLINE_IN_PAST');
  });

  it('requires an after-photo to request review', () => {
    expectCode(() => applyCommand(toRectifying('general'), { action: 'request_review', afterPhotos: [] }, townA, now), 'AFTER_PHOTO_REQUIRED');
  });

  it('does not let the assessor close their own case', () => {
    const review = applyCommand(toRectifying('general'), { action: 'request_review', afterPhotos: [photo] }, townA, now);
    expectCode(() => applyCommand(review, { action: 'approve' }, townA, now), 'REVIEWER_IS_ASSESSOR');
  });

  it('sends a case back to rectification with a reason', () => {
    const review = applyCommand(toRectifying('general'), { action: 'request_review', afterPhotos: [photo] }, townA, now);
    expectCode(() => applyCommand(review, { action: 'send_back', reason: '' }, townA2, now), 'REASON_REQUIRED');
    expect(applyCommand(review, { action: 'send_back', reason: '照片看不清' }, townA2, now).status).toBe('rectifying');
  });

  describe('重大 hazards: 挂牌督办 with the 五落实', () => {
    it('lists a major hazard for supervision at assessment', () => {
      const c = toRectifying('major');
      expect(c.supervision).toMatchObject({ listedBy: 't1', filed: false });
    });

    it('is closed only by the county, and only with all five items and 立案', () => {
      let c = applyCommand(toRectifying('major'), { action: 'request_review', afterPhotos: [photo] }, townA, now);
      expectCode(() => applyCommand(c, { action: 'approve' }, townA2, now), 'MAJOR_CLOSE_REQUIRES_COUNTY');
      expect(availableActions(c, townA2)).not.toContain('approve');
      const incomplete = (() => {
        try {
          applyCommand(c, { action: 'approve' }, county, now);
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(incomplete?.code).toBe('SUPERVISION_INCOMPLETE');
      expect(incomplete?.details?.missing).toEqual(['responsibility', 'measures', 'funding', 'timeLimit', 'plan', 'filed']);
      c = applyCommand(
        c,
        { action: 'update_supervision', fields: { responsibility: '厂长张某', measures: '更换管道', funding: '20万元', timeLimit: '15日', plan: '煤气泄漏专项预案', filed: true } },
        county,
        now,
      );
      // 验收 comes before 销号: the county records who accepted it, when, with what opinion.
      expectCode(() => applyCommand(c, { action: 'approve' }, county2, now), 'ACCEPTANCE_REQUIRED');
      expect(availableActions(c, county2)).not.toContain('approve');
      c = applySupervision(c, { action: 'record_acceptance', opinion: '现场复核：管道已更换，检测无泄漏', photos: [photo] }, county, now);
      expect(applyCommand(c, { action: 'approve' }, county2, now).status).toBe('closed');
    });

    it('refuses supervision updates on general hazards', () => {
      expectCode(() => applyCommand(toRectifying('general'), { action: 'update_supervision', fields: { measures: 'x' } }, county, now), 'NOT_MAJOR');
    });
  });

  it('reopens a closed case by a dispute that carries a new photo', () => {
    const closed = run(toRectifying('general'), [
      [{ action: 'request_review', afterPhotos: [photo] }, townA],
      [{ action: 'approve' }, townA2],
    ]);
    expectCode(() => applyCommand(closed, { action: 'dispute', photos: [], note: '没修好' }, worker, now), 'DISPUTE_PHOTO_REQUIRED');
    const reopened = applyCommand(closed, { action: 'dispute', photos: [{ ...photo, id: 'b'.repeat(64) }], note: '阀门仍在漏气' }, worker, now);
    expect(reopened.status).toBe('registered');
    expect(reopened.closedAt).toBeUndefined();
    expect(reopened.history.at(-1)).toMatchObject({ action: 'dispute', from: 'closed', to: 'registered', note: '阀门仍在漏气' });
  });

  it('changes a deadline only forward and with a reason, clearing an escalation', () => {
    const c = applyCommand(toRectifying('general'), { action: 'escalate' }, county, now);
    expect(c.escalatedAt).toEqual(now);
    expectCode(() => applyCommand(c, { action: 'extend_deadline', deadline: later(30), reason: '' }, townA, now), 'REASON_REQUIRED');
    expectCode(() => applyCommand(c, { action: 'extend_deadline', deadline: later(-2), reason: '材料未到' }, townA, now), 'DEADLINE_IN_PAST');
    const moved = applyCommand(c, { action: 'extend_deadline', deadline: later(30), reason: '材料未到' }, townA, now);
    expect(moved.deadline).toEqual(later(30));
    expect(moved.escalatedAt).toBeUndefined();
  });

  it('offers officials exactly the actions the current state allows', () => {
    expect(availableActions(reported(), townA)).toEqual(['register', 'reject']);
    expect(availableActions(toRectifying('general'), townA)).toEqual(['request_review', 'extend_deadline', 'escalate']);
    expect(availableActions(toRectifying('major'), county)).toEqual(['request_review', 'extend_deadline', 'update_supervision', 'escalate']);
  });
});
