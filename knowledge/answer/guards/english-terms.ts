import { toChineseNumber } from '../../text/chinese-numerals.js';

/** English names of the regulations, as the Chinese title the index knows them by. */
const DOCS: [RegExp, string][] = [
  [/(work|production) safety law|safety production law|law on (work|production) safety/i, '安全生产法'],
  [/confined[- ]space (regulation|rule|provision)s?/i, '工贸企业有限空间作业安全规定'],
  [/major[- ](accident )?hazard (standard|criteria|criterion|determination)/i, '工贸企业重大事故隐患判定标准'],
];

/**
 * English words an official or a foreign technician may use, with the Chinese terms the regulations use. The
 * index is Chinese: an English question is searched with these terms added, and answered in English with the
 * Chinese articles quoted verbatim.
 */
const TERMS: [RegExp, string][] = [
  [/confined|enclosed|limited space/i, '有限空间'],
  [/gas(es)?\b.{0,30}(test|detect|monitor|measur|check)|(test|detect|monitor|measur|check)\w*.{0,30}\bgas(es)?\b|air (test|quality)|detector/i, '气体检测'],
  [/\benter(ing)?\b|\bentry\b|go(ing)? (in|into)/i, '进入'],
  [/ventilat/i, '通风'],
  [/(attendant|watch(er|man)?|guard(ian)?|monitor(ing)? person|standby)/i, '监护人员'],
  [/approv|permit|authori[sz]/i, '审批'],
  [/major (accident )?hazard|serious hazard|major risk/i, '重大事故隐患'],
  [/hazard|hidden danger/i, '隐患'],
  [/dust/i, '粉尘'],
  [/explos/i, '爆炸'],
  [/dust (collector|removal|extraction)|filter/i, '除尘系统'],
  [/fine|penalt|punish|sanction/i, '罚款 处罚'],
  [/train/i, '安全生产教育和培训'],
  [/(principal|main|chief) (person|leader|officer)|person in charge|boss|ceo|owner/i, '主要负责人'],
  [/safety (manager|officer|staff)/i, '安全生产管理人员'],
  [/special (operation|work)|certificat|licen[cs]e/i, '特种作业 资格'],
  [/contractor|subcontract/i, '承包单位'],
  [/lessee|tenant|rent/i, '承租单位'],
  [/ammonia/i, '液氨'],
  [/refrigerat|cold storage|freez/i, '制冷'],
  [/smelt|metallurg|furnace|steel/i, '冶炼 金属冶炼'],
  [/molten/i, '熔融金属'],
  [/coal gas|blast furnace gas|converter gas|gas (pipe|holder|cabinet|leak)/i, '煤气'],
  [/carbon monoxide|\bco\b/i, '一氧化碳'],
  [/alarm/i, '报警装置'],
  [/rectif|fix|correct|remed/i, '整改 消除'],
  [/accident/i, '事故'],
  [/emergency|rescue/i, '应急救援'],
  [/protective (equipment|gear)|ppe|respirator/i, '防护用品'],
  [/insurance/i, '安全生产责任保险'],
  [/report|whistle/i, '报告 举报'],
  [/inspect|check/i, '检查'],
  [/oxygen/i, '氧含量'],
  [/toxic|poison/i, '有毒有害'],
  [/flammable|combustible/i, '易燃易爆'],
  [/worker|employee|staff/i, '从业人员'],
  [/respons/i, '责任'],
  [/warehouse|storage/i, '仓库'],
  [/fire/i, '消防 火灾'],
];

/** Mostly Latin letters: the question was written in English (or another Latin-script language). */
export function isLatinQuestion(q: string): boolean {
  const latin = (q.match(/[A-Za-z]/g) ?? []).length;
  const cjk = (q.match(/[\u3400-\u9fff]/g) ?? []).length;
  return latin >= 6 && latin > cjk * 3;
}

/**
 * The Chinese search terms of an English question. The English words themselves are left out: the index has
 * none of them, and unmatched words would only count against every article.
 */
export function chineseTerms(q: string): string[] {
  // "Article 102 of the Work Safety Law" becomes 安全生产法第一百零二条, so the article is looked up by its number.
  const doc = DOCS.find(([re]) => re.test(q))?.[1];
  const n = /\barticles?\s+(\d{1,3})\b/i.exec(q)?.[1];
  const ref = n && Number(n) > 0 ? `${doc ?? ''}第${toChineseNumber(Number(n))}条` : doc;
  return [...new Set([...(ref ? [ref] : []), ...TERMS.filter(([re]) => re.test(q)).map(([, zh]) => zh)])];
}
