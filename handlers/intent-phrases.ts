/**
 * A whole message that only asks to start a dialog, as people type it instead of a command: 我要举报, 我想匿名举报一家企业,
 * 怎么举报？, 我要上报一个隐患. Only short requests count: a question about what the law says on tips
 * ("举报人受什么保护？", "举报奖励有多少") still goes to the Q&A.
 */
const WANT = '(?:我|我们)?(?:想|要|想要|需要|准备)?';
const HOW = '(?:怎么|怎样|如何|在哪|在哪里|去哪|哪里可以)';
const TIP = new RegExp(`^(?:${WANT}|${HOW})(?:匿名)?举报(?:一下|一个|一家|个)?(?:企业|单位|工厂|厂子?|公司|老板|隐患|违法行为|问题)?$`);
const REPORT = new RegExp(`^(?:${WANT}|${HOW})(?:上报|报告|报|反映)(?:一下|一个|一条|个)?(?:安全|事故)?隐患$`);
const TIP_EN = /^(?:i (?:want|would like|'d like) to )?(?:send|make|give|submit|file) (?:an? )?(?:anonymous )?tip(?:-off)?$|^anonymous tip$/;
const REPORT_EN = /^(?:i (?:want|would like|'d like) to )?(?:report|submit) (?:an? )?(?:safety )?hazard$/;

export function intentCommand(message: string): 'tip' | 'report' | undefined {
  const s = message
    .trim()
    .replace(/^(?:你好|您好|请问)[，,！!]?/, '')
    .replace(/[。！？!?.…\s]+$/u, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const zh = s.replace(/ /g, '');
  if (TIP.test(zh) || TIP_EN.test(s)) return 'tip';
  if (REPORT.test(zh) || REPORT_EN.test(s)) return 'report';
  return undefined;
}
