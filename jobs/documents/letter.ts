import { dayOf } from '../time.js';
import { cnDate, enterpriseOf, gradeOf, standing, type DocumentFacts, type DocumentText } from './facts.js';

/** A full-width space (U+3000): the blank a Chinese official fills in by hand. */
const BLANK = '\u3000';

/**
 * 事故隐患整改督办函 of an overdue or escalated case. It states days overdue only when the case is open and
 * past its deadline; the 文号 is the issuing official's to fill in unless given.
 */
export function overdueLetterText(f: DocumentFacts & { docNumber?: string; replyWithinDays?: number }): DocumentText {
  const c = f.case;
  const enterprise = enterpriseOf(f);
  const due = c.deadline ? cnDate(dayOf(c.deadline)) : '（整改期限）';
  const year = dayOf(f.now).slice(0, 4);
  return {
    issuer: '泽州县应急管理局',
    title: '事故隐患整改督办函',
    docNumber: f.docNumber ?? `泽应急督〔${year}〕${BLANK}号`,
    addressee: `${f.townName ? `${f.townName}应急管理中心、` : ''}${enterprise}`,
    paragraphs: [
      `经查，${enterprise}存在以下事故隐患（案件编号：${c.number}）：`,
      c.description.replace(/\s+/g, ' ').trim(),
      `该隐患经评估为${gradeOf(c)}，整改期限为${due}。${standing(c, f.now)}`,
      '现予以督办，并提出如下要求：',
    ],
    requirements: [
      `接函后立即组织整改，于${f.replyWithinDays ?? 5}日内完成，并将整改情况（附整改前后照片）书面报送泽州县应急管理局。`,
      '整改完成前，落实必要的安全防范和监控措施，确保安全；无法保证安全的，应当停止相关区域作业。',
      ...(c.severity === 'major' ? ['严格落实整改责任、措施、资金、时限、预案“五落实”要求，整改完成后申请复核销号。'] : []),
      `${f.townName ? `${f.townName}应急管理中心` : '属地镇应急管理中心'}要加强跟踪督导，确保按期整改到位。`,
      '逾期仍未完成整改的，将依照《中华人民共和国安全生产法》等有关规定依法严肃处理。',
    ],
    contact: `联系人：${BLANK.repeat(5)}联系电话：`,
    signature: '泽州县应急管理局',
    date: cnDate(dayOf(f.now)),
  };
}
