import { describe, expect, it } from 'vitest';
import { applyLoopStep, loopOverdue, loopStage, loopSteps, type Actor, type LoopFinding, type LoopSubject } from '../../../domain/index.js';

const expert: Actor = { id: 'e1', role: 'expert', name: '赵工', enterpriseIds: ['ent-a'] };
const otherExpert: Actor = { id: 'e2', role: 'expert', enterpriseIds: ['ent-b'] };
const county: Actor = { id: 'c1', role: 'county_official' };
const subject: LoopSubject = { enterpriseId: 'ent-a', townId: 'bagong', year: 2026 };
const at = new Date('2026-06-10T02:00:00Z');
const open: LoopFinding[] = [{ number: 'ZZ-2026-000001', status: 'rectifying' }, { number: 'ZZ-2026-000002', status: 'closed' }];
const closed: LoopFinding[] = open.map((f) => ({ ...f, status: 'closed' }));

describe('专家服务 loop 帮扶—整改—复核—提升', () => {
  it('runs visit → (findings rectified) → 复核 → 提升 in order, each stage following from the last', () => {
    expect(loopStage(null, [])).toBe('assistance');
    const visited = applyLoopStep(null, subject, open, 'visit', '煤气区域未设置报警仪', expert, at);
    expect(visited).toMatchObject({ id: '2026:ent-a', townId: 'bagong', version: 0, visits: [{ by: 'e1', byName: '赵工', text: '煤气区域未设置报警仪' }] });
    expect(loopStage(visited, open)).toBe('rectification');
    expect(loopStage(visited, closed)).toBe('review');
    const reviewed = applyLoopStep(visited, subject, closed, 'review', '两项隐患均已整改到位', expert, at);
    expect(loopStage(reviewed, closed)).toBe('improvement');
    const done = applyLoopStep(reviewed, subject, closed, 'improve', '建立煤气区域巡检制度', expert, at);
    expect(loopStage(done, closed)).toBe('completed');
    expect(loopSteps(done, closed, expert, 'ent-a')).toEqual([]);
  });

  it('refuses 复核 while a finding is open and names it', () => {
    const visited = applyLoopStep(null, subject, open, 'visit', '检查', expert, at);
    expect(() => applyLoopStep(visited, subject, open, 'review', '同意', expert, at)).toThrow(expect.objectContaining({ code: 'FINDINGS_OPEN', details: { numbers: 'ZZ-2026-000001' } }));
    expect(loopSteps(visited, open, expert, 'ent-a')).toEqual(['visit']);
  });

  it('lets only an expert assigned to the enterprise act, and never skips a step', () => {
    expect(() => applyLoopStep(null, subject, [], 'visit', '检查', otherExpert, at)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => applyLoopStep(null, subject, [], 'visit', '检查', county, at)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(loopSteps(null, [], county, 'ent-a')).toEqual([]);
    expect(() => applyLoopStep(null, subject, [], 'improve', '总结', expert, at)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => applyLoopStep(null, subject, [], 'visit', '  ', expert, at)).toThrow(expect.objectContaining({ code: 'OPINION_REQUIRED' }));
  });

  it('is overdue after 31 October (Shanghai) unless completed', () => {
    const lastMinute = new Date('2026-10-31T15:59:00Z'); // 23:59 in Zezhou
    const nextDay = new Date('2026-10-31T16:00:00Z'); // 1 November 00:00
    expect(loopOverdue(null, [], 2026, lastMinute)).toBe(false);
    expect(loopOverdue(null, [], 2026, nextDay)).toBe(true);
    const done = applyLoopStep(
      applyLoopStep(applyLoopStep(null, subject, [], 'visit', '检查', expert, at), subject, [], 'review', '同意', expert, at),
      subject, [], 'improve', '总结', expert, at,
    );
    expect(loopOverdue(done, [], 2026, nextDay)).toBe(false);
  });
});
