import { describe, expect, it } from 'vitest';
import { conceptsNear, leadSubject, namesAgentFor, penalizedSubject, whoTargets } from '../../../knowledge/retrieval/duty-subject.js';
import { analyzeQuery } from '../../../knowledge/retrieval/query.js';

describe('who an article addresses and who acts in it', () => {
  it('reads the party an article starts with, through a 违反本规定 preamble, and none where it starts otherwise', () => {
    expect(leadSubject('第四十一条　生产经营单位应当建立安全风险分级管控制度')).toBe('生产经营单位');
    expect(leadSubject('第七十条　负有安全生产监督管理职责的部门依法对存在重大事故隐患的生产经营单位作出停产停业')).toBe('负有安全生产监督管理职责的部门');
    expect(leadSubject('第二十一条　生产经营单位的主要负责人对本单位安全生产工作负有下列职责：')).toBe('生产经营单位的主要负责人');
    expect(leadSubject('第一百条　未经依法批准，擅自生产、经营危险物品的')).toBeUndefined();
  });

  it('finds whom a penalty punishes, from its subject or from "对X处…罚款"', () => {
    expect(penalizedSubject('第一百零二条　生产经营单位未采取措施消除事故隐患的，责令立即消除')).toBe('生产经营单位');
    expect(penalizedSubject('第二十一条　违反本规定，有下列情形之一的，责令限期改正，对工贸企业处5万元以下的罚款')).toBe('工贸企业');
  });

  it('takes the act next to 谁 as what a who-question asks about, not words in an aside or a verdict word', () => {
    const q = analyzeQuery('有限空间作业（清理煤气管道）审批由谁批？');
    expect(whoTargets(q.question, q.concepts).map((c) => c.tokens[0])).toEqual(['审批']);
    const verdict = analyzeQuery('工人举报了厂里的问题，被辞退了，合法吗');
    expect(conceptsNear(verdict.question, verdict.concepts, /吗/).map((c) => c.tokens[0])).not.toContain('合法');
  });

  it('credits an article that says who does the act, not one that lists the role among others', () => {
    const q = analyzeQuery('有限空间作业审批由谁批？');
    const targets = whoTargets(q.question, q.concepts);
    expect(namesAgentFor(targets, '第七条　对于存在硫化氢等风险的有限空间作业，应当由工贸企业主要负责人或者其书面委托的人员进行审批。')).toBe(true);
    expect(namesAgentFor(targets, '第四条　工贸企业主要负责人是有限空间作业安全第一责任人，应当组织制定有限空间作业安全管理制度，明确有限空间作业审批人、监护人员的职责。')).toBe(false);
  });
});
