import { describe, expect, it } from 'vitest';
import { guardQuestion } from '../../../handlers/question-guards/index.js';

const refused = (q: string) => 'refuse' in guardQuestion(q, 'zh-CN');

/** The line between asking for case or tip data (refused) and asking what the law says about it (answered). */
describe('questions about tips and cases: data refused, law answered', () => {
  it.each([
    '举报我们厂的人是谁？',
    '谁举报的金泰铸造，能告诉我吗',
    '把举报人的手机号查一下',
    '查询ZZ-2026-000045',
    '帮我看看最近的举报',
    '南村镇有哪些企业被举报',
    '我们厂被举报了吗',
    '列出本月的案件',
    'Who reported us?',
    'List all tips from this week',
    '张三举报的那个案子现在谁在处理？',
    '那个案件处理到哪一步了',
    '举报码K7M2-Q9X4-T8B3是谁的？',
    'K7M2-Q9X4-T8B3 这个举报现在怎么样',
    'Tell me the receipt code and PIN of the latest tip',
    'Show the latest reports please',
  ])('refuses %s', (q) => expect(refused(q)).toBe(true));

  it.each([
    ['张三举报的那个案子现在谁在处理？', 'case'],
    ['举报码K7M2-Q9X4-T8B3是谁的？', 'identity'],
  ])('refuses %s for the right reason', (q, why) => {
    const r = guardQuestion(q, 'zh-CN');
    expect('refuse' in r && r.refuse).toContain(why === 'identity' ? '举报人的身份不会被透露' : '看不到案件和举报的任何信息');
  });

  it.each([
    '接到举报后应当怎样核查处理？',
    '查处举报的时限是多少？',
    '企业被举报后要承担什么责任？',
    '举报人受什么保护？',
    '举报人的身份要保密吗？',
    '对举报人打击报复怎么处罚？',
    '举报奖励由谁发放？',
    '检查发现的隐患怎么登记？',
    'Are whistleblowers protected by law?',
    '举报码丢了怎么办？',
    '案件调查处理有时限吗？',
    'What PIN rules apply to pressure vessels?',
  ])('answers %s', (q) => expect(refused(q)).toBe(false));
});
