import { describe, expect, it } from 'vitest';
import type { DomainError} from '../../../domain/index.js';
import { applyCommand, applyDispatch, applySupervision, mayRecordReceipt, newCase, type Actor, type Case, type PhotoRef } from '../../../domain/index.js';
import { caseSupervisionLevel, levelChangeRule } from '../../../domain/supervision-level.js';

const now = new Date('2026-06-01T02:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const photo: PhotoRef = { id: 'b'.repeat(64), mime: 'image/jpeg', bytes: 999 };
const town: Actor = { id: 't1', role: 'town_official', townId: 'bagong' };
const county: Actor = { id: 'c1', role: 'county_official' };
const boss: Actor = { id: 'e1', role: 'enterprise', enterpriseId: 'ent-fs', townId: 'bagong' };

const reported = (): Case =>
  newCase(
    { id: 'k2', number: 'ZZ-2026-000010', source: 'worker_report', description: '除尘器泄爆口被杂物堵塞', photos: [photo], townId: 'bagong', enterpriseId: 'ent-fs' },
    { id: 'w1', role: 'worker' },
    now,
  );
const levels = (c: Case) => (c.levelHistory ?? []).map((x) => `${x.from ?? '—'}→${x.to}@${x.action}`);

describe('监管层级 trail', () => {
  it('starts at the town on 登记 and moves to the county on 重大 assessment, once', () => {
    let c = applyCommand(reported(), { action: 'register', townId: 'bagong' }, town, at(1));
    expect(caseSupervisionLevel(c)).toBe('town');
    c = applyCommand(c, { action: 'assess', severity: 'major', deadline: at(24 * 30) }, town, at(2));
    c = applyCommand(c, { action: 'start_rectification' }, town, at(3));
    c = applyCommand(c, { action: 'escalate' }, county, at(4));
    expect(levels(c)).toEqual(['—→town@register', 'town→county@assess']);
    expect(c.levelHistory![1]).toMatchObject({ at: at(2), actorId: 't1', actorRole: 'town_official' });
  });

  it('records an escalation of a general hazard and its return to the town when the deadline is extended', () => {
    let c = applyCommand(reported(), { action: 'register', townId: 'bagong' }, town, at(1));
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: at(48) }, town, at(2));
    c = applyCommand(c, { action: 'escalate', note: '逾期未整改' }, county, at(60));
    expect(caseSupervisionLevel(c)).toBe('county');
    c = applyCommand(c, { action: 'extend_deadline', deadline: at(24 * 20), reason: '设备到货延迟' }, county, at(61));
    expect(levels(c)).toEqual(['—→town@register', 'town→county@escalate', 'county→town@extend_deadline']);
  });

  it('names the rule of automatic steps: 自动派单, and a job’s overdue escalation written on the event afterwards', () => {
    let c = applyDispatch(reported(), { rule: 'enterprise_name', townId: 'bagong', enterpriseId: 'ent-fs', autoRegister: true, needsConfirmation: false }, at(1));
    expect(c.levelHistory).toEqual([{ at: at(1), to: 'town', action: 'register', actorId: 'system', actorRole: 'system', rule: 'enterprise_name' }]);
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: at(48) }, town, at(2));
    c = applyCommand(c, { action: 'escalate' }, { id: 'system', role: 'admin' }, at(80));
    c = { ...c, history: c.history.map((e, i, all) => (i === all.length - 1 ? { ...e, rule: 'overdue_3d' } : e)) };
    expect(levelChangeRule(c, c.levelHistory![1]!)).toBe('overdue_3d');
  });

  it('leaves the trail alone for steps that keep the level (a rejected report never had one)', () => {
    const rejected = applyCommand(reported(), { action: 'reject', reason: '重复上报' }, town, at(1));
    expect(rejected.levelHistory).toBeUndefined();
  });
});

describe('paper 签收 of a 督办通知书', () => {
  const served = (): Case => {
    let c = applyCommand(reported(), { action: 'register', townId: 'bagong' }, town, at(1));
    c = applyCommand(c, { action: 'assess', severity: 'major', deadline: at(24 * 30) }, town, at(2));
    c = applySupervision(c, { action: 'issue_notice', docNumber: '泽应急督〔2026〕4号' }, county, at(3));
    return applySupervision(c, { action: 'serve_notice', via: ['in_person'] }, county, at(4));
  };

  it('is recorded by the county with the signer and the 送达回证 photo', () => {
    const c = served();
    expect(mayRecordReceipt(c, county)).toBe(true);
    expect(mayRecordReceipt(c, town)).toBe(false);
    const signed = applySupervision(c, { action: 'acknowledge_notice', receipt: { signer: ' 王安全 ', photos: [photo] } }, county, at(5));
    expect(signed.notice).toMatchObject({ acknowledgedAt: at(5), acknowledgedBy: 'c1', receipt: { signer: '王安全', recordedBy: 'c1', photos: [photo] } });
    expect(signed.history.at(-1)).toMatchObject({ action: 'acknowledge_notice', note: '泽应急督〔2026〕4号 王安全', evidence: [photo] });
    expect(mayRecordReceipt(signed, county)).toBe(false);
  });

  it('is refused without a signer or a photo, to a town official, and before the notice is served', () => {
    const c = served();
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as DomainError).code;
      }
      return undefined;
    };
    expect(codeOf(() => applySupervision(c, { action: 'acknowledge_notice', receipt: { signer: ' ', photos: [photo] } }, county, at(5)))).toBe('INVALID_INPUT');
    expect(codeOf(() => applySupervision(c, { action: 'acknowledge_notice', receipt: { signer: '王安全', photos: [] } }, county, at(5)))).toBe('ATTACHMENT_REQUIRED');
    expect(codeOf(() => applySupervision(c, { action: 'acknowledge_notice', receipt: { signer: '王安全', photos: [photo] } }, town, at(5)))).toBe('FORBIDDEN');
    const unserved = { ...c, notice: { ...c.notice!, servedAt: undefined } };
    expect(codeOf(() => applySupervision(unserved, { action: 'acknowledge_notice', receipt: { signer: '王安全', photos: [photo] } }, county, at(5)))).toBe('NOTICE_NOT_SERVED');
    // The enterprise still signs for itself in the chat, without a receipt.
    expect(applySupervision(c, { action: 'acknowledge_notice' }, boss, at(5)).notice?.acknowledgedBy).toBe('e1');
  });
});

describe('延期 approved to another date than asked', () => {
  const asked = (): Case => {
    let c = applyCommand(reported(), { action: 'register', townId: 'bagong' }, town, at(1));
    c = applyCommand(c, { action: 'assess', severity: 'major', deadline: at(24 * 30) }, town, at(2));
    return applySupervision(c, { action: 'request_extension', id: 'x1', deadline: at(24 * 60), reason: '设备订货', attachments: [photo] }, boss, at(3));
  };

  it('moves the deadline to the granted date and keeps what was asked', () => {
    const c = applySupervision(asked(), { action: 'decide_extension', id: 'x1', approve: true, reason: '同意延期15天', deadline: at(24 * 45) }, town, at(4));
    expect(c.deadline).toEqual(at(24 * 45));
    expect(c.extensions![0]).toMatchObject({ decision: 'approved', deadline: at(24 * 60), grantedDeadline: at(24 * 45) });
  });

  it('refuses a granted date not later than the current deadline', () => {
    expect(() => applySupervision(asked(), { action: 'decide_extension', id: 'x1', approve: true, reason: '同意', deadline: at(24 * 20) }, town, at(4))).toThrow(
      expect.objectContaining({ code: 'DEADLINE_IN_PAST' }),
    );
  });
});
