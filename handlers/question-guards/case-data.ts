/**
 * Questions that ask the Q&A for data it does not have and must never give: who sent a tip, or the contents
 * and progress of cases and tips. Questions about what the law says on tips ("举报人受什么保护？") pass.
 */
const TIPSTER = /(举报人|举报者|投诉人|报告人|爆料人|(举报|投诉|反映|告发|揭发).{0,10}的(人|那个|是谁)|谁举报|谁报的|谁告的|谁投诉|谁反映|谁打的电话)/;
const WHO = /(是谁|哪个人|哪位|什么人|叫什么|姓名|名字|电话|手机|号码|联系方式|住址|身份证|微信|账号|告诉我|查出|查一下|查查|找出|透露|公开一下)/;
const LAW_ABOUT_TIPSTERS = /(保密|保护|打击报复|奖励|权利|义务|应当|有权|法律|规定|处罚|责任)/;

const CASE_NUMBER = /\b[A-Z]{2,4}-\d{4}-\d{3,8}\b/;
/** A receipt code as printed (handlers/tips/receipt.ts): naming one is asking about that tip. */
const RECEIPT_CODE = /\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b/i;
/** Whose a receipt code is: a tipster's identity by another road. */
const RECEIPT_OWNER = /举报码.{0,24}(是谁|谁的|哪个人|哪位|什么人)/;
const CASE_REQUEST = [
  // 查 as in "look it up", not 核查/检查/调查/查处 (what the law asks officials to do).
  /(?<![核检排审调督追复巡])(查询|查看|查一下|查查|查|看看|调出|列出|告诉我|给我看?|统计|导出)(?![处验证实明清封])(一下|下)?.{0,12}(案件|举报|工单|隐患记录|上报记录)/,
  /(我的|我们的|这个|那个|这起|这条|最近的?|昨天的?|今天的?|上周的?|本月的?|所有的?)(案件|举报|工单|隐患案件)/,
  /(被举报|有人举报|收到.{0,6}举报|被投诉)(了|过)?(吗|没有|了没|没|几次|多少次|哪些|什么内容|的情况)/,
  /(哪些|哪家|多少家?)(企业|厂|公司)?.{0,6}(被举报|被投诉|有案件|被督办)/,
  /(案件|举报|工单)(的)?(编号|进度|状态|详情|处理结果|照片|内容)(是|有|怎么样|如何|多少|呢|吗|？|\?)/,
  // "张三举报的那个案子现在谁在处理？": one particular case, by whoever filed it.
  /举报的(那个|那起|这个|这起)?(案子|案件|事)/,
  /(案子|案件|工单).{0,8}(谁在|谁负责|处理到|办到|到哪|怎么样了|进展)/,
];
const EN_IDENTITY = /\b(who (reported|filed|submitted|sent|made)|tipster|whistle-?blower|informant)\b/i;
const EN_CASES = /\b((show|list|give|find|look up|check|tell)( me)?.{0,20}\b(cases?|tips?|reports?)\b|case (number|status|progress)|status of (my|the|this|that)\b)/i;
const EN_TIP_SECRETS = /\b(receipt codes?|PINs?)\b.{0,40}\b(tips?|reports?)\b|\b(latest|recent|all|last) (tips|cases|reports)\b/i;

export type CaseDataRequest = 'identity' | 'case-data';

export function caseDataRequest(q: string): CaseDataRequest | undefined {
  if (TIPSTER.test(q) && WHO.test(q)) {
    const asksForPerson = /(是谁|叫什么|查出|找出|告诉我|查一下|查查|透露|公开一下|姓名|名字|电话|手机|号码|联系方式|住址|身份证|微信|账号)/.test(q);
    const aboutLaw = LAW_ABOUT_TIPSTERS.test(q) && !/(是谁|叫什么|告诉我|查出|找出|查一下|查查)/.test(q);
    if (asksForPerson && !aboutLaw) return 'identity';
  }
  if (RECEIPT_OWNER.test(q)) return 'identity';
  if (EN_IDENTITY.test(q) && !/\b(protect|confidential|reward|law|rights?)\b/i.test(q)) return 'identity';
  if (CASE_NUMBER.test(q) || RECEIPT_CODE.test(q) || CASE_REQUEST.some((re) => re.test(q)) || EN_CASES.test(q) || EN_TIP_SECRETS.test(q)) return 'case-data';
  return undefined;
}
