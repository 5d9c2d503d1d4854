import type { Case } from '../domain/index.js';
import { dayOf } from './time.js';

export interface SupervisionLetterInput {
  case: Case;
  townName?: string;
  enterpriseName?: string;
  daysOverdue: number;
  now: Date;
  /** Days the recipient gets to finish rectification after receiving the letter. */
  replyWithinDays?: number;
}

/** A full-width space (U+3000): the blank a Chinese official fills in by hand. */
const BLANK = '\u3000';

const cnDate = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * 督办函 draft in Markdown. The 文号 and contact lines are left blank for the county official who
 * issues it; nothing here is sent to the enterprise automatically.
 */
export function supervisionLetter(i: SupervisionLetterInput): string {
  const c = i.case;
  const enterprise = i.enterpriseName ?? c.enterpriseName ?? '（企业名称）';
  const today = dayOf(i.now);
  const year = today.slice(0, 4);
  const due = c.deadline ? cnDate(dayOf(c.deadline)) : '（整改期限）';
  const grade = c.severity === 'major' ? '重大事故隐患' : '一般事故隐患';
  const requirements = [
    `接函后立即组织整改，于${i.replyWithinDays ?? 5}日内完成，并将整改情况（附整改前后照片）书面报送泽州县应急管理局。`,
    '整改完成前，落实必要的安全防范和监控措施，确保安全；无法保证安全的，应当停止相关区域作业。',
    ...(c.severity === 'major' ? ['严格落实整改责任、措施、资金、时限、预案“五落实”要求，整改完成后申请复核销号。'] : []),
    `${i.townName ? `${i.townName}应急管理中心` : '属地镇应急管理中心'}要加强跟踪督导，确保按期整改到位。`,
    '逾期仍未完成整改的，将依照《中华人民共和国安全生产法》等有关规定依法严肃处理。',
  ];
  const cn = ['一', '二', '三', '四', '五', '六'];
  return [
    '# 泽州县应急管理局',
    '## 事故隐患整改督办函',
    '',
    `泽应急督〔${year}〕${BLANK}号`,
    '',
    `${i.townName ? `${i.townName}应急管理中心、` : ''}${enterprise}：`,
    '',
    `经查，${enterprise}存在以下事故隐患（案件编号：${c.number}）：`,
    '',
    `> ${c.description.replace(/\n/g, '\n> ')}`,
    '',
    `该隐患经评估为${grade}，整改期限为${due}。截至${cnDate(today)}，已逾期${i.daysOverdue}天，仍未完成整改。`,
    '现予以督办，并提出如下要求：',
    '',
    ...requirements.map((r, k) => `${cn[k]}、${r}`),
    '',
    `联系人：${BLANK.repeat(5)}联系电话：`,
    '',
    '泽州县应急管理局',
    cnDate(today),
  ].join('\n');
}
