import type { Locale } from '../domain/index.js';

/**
 * Reminder texts, zh-CN (default) and en. Kept as functions here until they move into locales/.
 * Dates are Shanghai calendar days (YYYY-MM-DD).
 */
export interface CaseReminderText {
  number: string;
  enterprise?: string;
  description: string;
  due: string;
  /** Positive: days left; 0: due today; negative: days overdue. */
  daysLeft: number;
  major: boolean;
}

const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export function caseReminder(locale: Locale, m: CaseReminderText): string {
  const what = clip(m.description);
  if (locale === 'en') {
    const when = m.daysLeft > 0 ? `due in ${m.daysLeft} day(s) (${m.due})` : m.daysLeft === 0 ? `due today (${m.due})` : `${-m.daysLeft} day(s) overdue (due ${m.due})`;
    return `⏰ Case ${m.number}${m.major ? ' [MAJOR hazard]' : ''}${m.enterprise ? ` · ${m.enterprise}` : ''}: rectification ${when}.\n${what}\nPlease rectify and submit an after-photo for review.`;
  }
  const when = m.daysLeft > 0 ? `距整改期限还有${m.daysLeft}天（${m.due}）` : m.daysLeft === 0 ? `今天（${m.due}）整改到期` : `已逾期${-m.daysLeft}天（期限${m.due}）`;
  return `⏰ 隐患整改提醒：${m.number}${m.major ? '【重大隐患】' : ''}${m.enterprise ? ` · ${m.enterprise}` : ''}\n${when}。\n${what}\n请抓紧整改，完成后上传整改后照片申请复核。`;
}

export interface EscalationText {
  number: string;
  townName?: string;
  enterprise?: string;
  due: string;
  daysOverdue: number;
}

export function escalationNotice(locale: Locale, m: EscalationText): string {
  const where = [m.townName, m.enterprise].filter(Boolean).join(' · ');
  return locale === 'en'
    ? `🔺 Escalated: case ${m.number}${where ? ` (${where})` : ''} is ${m.daysOverdue} day(s) past its rectification deadline ${m.due}. A supervision letter draft follows for the county to issue.`
    : `🔺 督办提醒：${m.number}${where ? `（${where}）` : ''}已超过整改期限（${m.due}）${m.daysOverdue}天仍未整改，系统已转县局督办。督办函草稿如下，请核定文号后印发。`;
}

export interface TaskReminderText {
  title: string;
  due: string;
  daysLeft: number;
  townName: string;
  attachmentRequired: boolean;
}

export function taskReminder(locale: Locale, m: TaskReminderText): string {
  if (locale === 'en') {
    const when = m.daysLeft > 0 ? `due in ${m.daysLeft} day(s) (${m.due})` : m.daysLeft === 0 ? `due today (${m.due})` : `overdue since ${m.due}`;
    return `📋 ${m.townName}: task "${m.title}" is ${when}.${m.attachmentRequired ? ' Attach the document when marking it done.' : ''}`;
  }
  const when = m.daysLeft > 0 ? `距完成时限还有${m.daysLeft}天（${m.due}）` : m.daysLeft === 0 ? `今天（${m.due}）到期` : `已超过完成时限（${m.due}）`;
  return `📋 ${m.townName}：工作任务“${m.title}”${when}，尚未报送完成情况。${m.attachmentRequired ? '标记完成时请上传相关材料。' : ''}`;
}

export function lateTownsReport(locale: Locale, m: { title: string; due: string; towns: string[] }): string {
  return locale === 'en'
    ? `📣 "${m.title}" (due ${m.due}) is not done by: ${m.towns.join(', ')}.`
    : `📣 工作任务“${m.title}”（时限${m.due}）截至目前未完成的镇：${m.towns.join('、')}。`;
}

export const openCaseLabel = (locale: Locale): string => (locale === 'en' ? 'Open case' : '查看案件');
