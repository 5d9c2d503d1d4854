import { fiveImplementations, type Case } from '../../domain/index.js';
import { dayOf } from '../time.js';
import { cnDate, enterpriseOf, type DocumentFacts, type DocumentText } from './facts.js';

const labels: Record<(typeof fiveImplementations)[number], string> = {
  responsibility: '整改责任',
  measures: '整改措施',
  funding: '整改资金',
  timeLimit: '整改时限',
  plan: '应急预案',
};

/** 重大事故隐患挂牌督办通知书: the facts of a major case under 挂牌督办, and what the enterprise must do. */
export function supervisionNoticeText(f: DocumentFacts & { docNumber: string }): DocumentText {
  const c: Case = f.case;
  const enterprise = enterpriseOf(f);
  const due = c.deadline ? cnDate(dayOf(c.deadline)) : '（整改期限）';
  const listed = c.supervision ? cnDate(dayOf(c.supervision.listedAt)) : cnDate(dayOf(f.now));
  const five = fiveImplementations.filter((k) => c.supervision?.[k]?.trim()).map((k) => `${labels[k]}：${c.supervision![k]!.trim()}`);
  return {
    issuer: '泽州县应急管理局',
    title: '重大事故隐患挂牌督办通知书',
    docNumber: f.docNumber,
    addressee: enterprise,
    paragraphs: [
      `经排查，你单位存在以下事故隐患（案件编号：${c.number}）：`,
      c.description.replace(/\s+/g, ' ').trim(),
      `该隐患经评估为重大事故隐患，自${listed}起由泽州县应急管理局挂牌督办，整改期限为${due}。${f.townName ? `属地监管单位为${f.townName}应急管理中心。` : ''}`,
      ...(five.length ? ['已落实的整改事项：', ...five] : []),
      '现提出如下要求：',
    ],
    requirements: [
      '收到本通知书后立即签收，落实整改责任、措施、资金、时限和预案“五落实”要求，于整改期限内完成整改。',
      '整改期间落实必要的安全防范和监控措施；无法保证安全的，应当从危险区域撤出作业人员，停止相关区域作业。',
      '确需延期的，应在期限届满前提出延期申请，说明理由并附相关材料，经属地审批同意后方可延期。',
      '整改完成后上传整改后照片申请复核，经县应急管理局验收合格后销号。',
      '逾期未完成整改的，将依照《中华人民共和国安全生产法》等有关规定依法处理。',
    ],
    signature: '泽州县应急管理局',
    date: cnDate(dayOf(f.now)),
  };
}
