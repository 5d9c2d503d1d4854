import type { Locale } from '../../domain/index.js';

const zh = {
  identity:
    '无法提供：举报人的身份不会被透露。法规问答只能查阅法规条文，看不到任何举报和案件信息；举报人信息依法保密，匿名举报在系统中本就不记录举报人身份，任何人（包括办案人员）都查不到。\n' +
    '如需了解处理情况：县、镇工作人员请发送 /cases 或在办公平台“隐患案件”中查看；举报人请发送“/tip 举报码”，凭举报密码查询进度。',
  caseData:
    '无法提供：法规问答只能查阅法规条文，看不到案件和举报的任何信息。\n' +
    '要查看案件：县、镇工作人员请发送 /cases（或“/case 案件编号”），或在办公平台“隐患案件”中查看；举报人请发送“/tip 举报码”，凭举报密码查询处理进度。\n' +
    '如果想问法规是怎么规定的，请直接问，例如“接到举报后应当怎样核查处理？”',
  empty: '问题中没有可查询的文字（只有表情、符号、网页代码或不可见字符）：请直接用文字提问，例如“有限空间作业前要检测哪些气体？”',
  trimmed: (n: number, max: number) => `说明：您的问题有${n}字，超过${max}字，以下只按前${max}字作答。请把问题精简为一两句话再问，回答会更准确。`,
};

const en: typeof zh = {
  identity:
    "I can't provide that: a tipster's identity is never disclosed. This Q&A only reads regulations and has no access to tips or cases; tipsters' details are confidential by law, and anonymous tips do not record who sent them, so no one (case officers included) can look them up.\n" +
    'To follow a case: officials send /cases or open 隐患案件 in the dashboard; a tipster sends "/tip <receipt code>" and enters the PIN.',
  caseData:
    "I can't provide that: this Q&A only reads regulations and has no access to cases or tips.\n" +
    'To see cases: officials send /cases (or "/case <case number>") or open 隐患案件 in the dashboard; a tipster sends "/tip <receipt code>" and enters the PIN to see progress.\n' +
    'If you want to know what the regulations say, ask that directly, e.g. "How must a tip be verified and handled?"',
  empty: 'Your question has no text to look up (only emoji, symbols, HTML markup or invisible characters). Please ask in plain words, e.g. "Which gases must be tested before entering a confined space?"',
  trimmed: (n: number, max: number) => `Note: your question is ${n} characters long, over the ${max}-character limit; only the first ${max} characters were used. Please shorten it to a sentence or two for a more precise answer.`,
};

export const guardMessages = (locale: Locale): typeof zh => (locale === 'en' ? en : zh);
