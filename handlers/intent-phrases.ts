import { normalizeReceiptCode, pinProblem } from './tips/receipt.js';

/**
 * A whole message that only asks to start a dialog, as people type it instead of a command: 我要举报, 我想匿名举报一家企业,
 * 怎么举报？, 我要上报一个隐患, 查询举报进度, or a receipt code pasted on its own (with its PIN or not). Only short requests
 * count: a question about what the law says on tips ("举报人受什么保护？", "举报奖励有多少") still goes to the Q&A.
 */
export type Intent = { command: 'tip' | 'report'; args: string } | { command: 'tipCheckHowTo' };

const WANT = '(?:我|我们)?(?:想|要|想要|需要|准备)?';
const HOW = '(?:怎么|怎样|如何|在哪|在哪里|去哪|哪里可以)';
const TIP = new RegExp(`^(?:${WANT}|${HOW})(?:匿名)?举报(?:一下|一个|一家|个)?(?:企业|单位|工厂|厂子?|公司|老板|隐患|违法行为|问题)?$`);
const REPORT = new RegExp(`^(?:${WANT}|${HOW})(?:上报|报告|报|反映)(?:一下|一个|一条|个)?(?:安全|事故)?隐患$`);
const CHECK = new RegExp(`^(?:${WANT}|${HOW})?(?:查询|查看|查一下|查|看看)?(?:我的)?举报(?:的)?(?:进度|进展|处理情况|处理结果|结果|状态|奖励)(?:怎么查|在哪查|如何查询)?$`);
const TIP_EN = /^(?:i (?:want|would like|'d like) to )?(?:send|make|give|submit|file) (?:an? )?(?:anonymous )?tip(?:-off)?$|^anonymous tip$/;
const REPORT_EN = /^(?:i (?:want|would like|'d like) to )?(?:report|submit) (?:an? )?(?:safety )?hazard$/;
const CHECK_EN = /^(?:check|see|track) (?:my )?tip(?: status| progress)?$/;

export function intentOf(message: string): Intent | undefined {
  const trimmed = message
    .trim()
    .replace(/^(?:你好|您好|请问)[，,！!]?/, '')
    .replace(/[。！？!?.…\s]+$/u, '');
  // A receipt code alone (BE7Q-2Y2Z-VXBU, any case, any separators), or the code and then the PIN (kept as typed).
  const whole = normalizeReceiptCode(trimmed);
  if (whole) return { command: 'tip', args: whole };
  const parts = trimmed.split(/\s+/);
  const code = normalizeReceiptCode(parts[0] ?? '');
  // What follows the code is taken for the PIN only when it could be one; a remark must not count as a wrong PIN.
  if (code && parts.length === 2 && pinProblem(parts[1]!) !== 'format') return { command: 'tip', args: `${code} ${parts[1]}` };
  if (code) return { command: 'tip', args: code };
  const zh = trimmed.replace(/\s+/g, '');
  const en = trimmed.replace(/\s+/g, ' ').toLowerCase();
  if (TIP.test(zh) || TIP_EN.test(en)) return { command: 'tip', args: '' };
  if (REPORT.test(zh) || REPORT_EN.test(en)) return { command: 'report', args: '' };
  if (CHECK.test(zh) || CHECK_EN.test(en)) return { command: 'tipCheckHowTo' };
  return undefined;
}
