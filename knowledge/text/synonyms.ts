import { DOMAIN_TERMS } from './domain-dictionary.js';
import { jieba } from './tokenizer.js';

/**
 * Query expansion for how people actually ask: colloquial names, job titles, equipment and plant types,
 * each mapped to the wording the regulations use. Domain vocabulary only (from the regulations and the
 * hazard handbook): no typos or phrases taken from any evaluation question set, so that evaluation
 * figures stay evidence. Each entry: [regulation wording, ...ways people say it].
 */
const GROUPS: ReadonlyArray<readonly string[]> = [
  ['有限空间', '受限空间', '密闭空间', '进罐', '罐内作业', '窨井', '化粪池', '污水池', '地下池', '池子', '储罐内'],
  ['重大事故隐患', '重大隐患', '大隐患', '严重隐患'],
  ['事故隐患', '安全隐患', '安全问题', '安全漏洞'],
  ['是指 所称', '定义', '含义', '什么叫', '啥叫', '指的是', '是什么意思', '概念'],
  ['生产经营单位 企业', '厂里', '工厂', '厂家', '公司'],
  ['从业人员 作业人员', '工人', '员工', '工友', '打工的', '干活的人'],
  ['人员', '人数', '几个人', '多少人'],
  ['作业', '干活', '做工', '上工', '开工干'],
  ['进入', '下去', '钻进去', '进去', '下到'],
  ['泄爆', '防爆片', '泄爆片', '防爆膜'],
  ['特种作业人员 取得相应资格', '电焊工', '焊工', '电工', '架子工', '登高架设', '操作证', '特种作业证', '持证上岗', '无证上岗'],
  ['主要负责人', '老板', '厂长', '总经理', '法定代表人', '实际控制人', '董事长', '老总'],
  ['安全生产管理人员', '安全员', '安全管理员', '安全科长', '安全主任'],
  ['监测报警装置', '报警器', '报警仪', '探头', '检测仪'],
  ['一氧化碳', 'co', '煤气中毒'],
  ['人员聚集场所', '休息室', '会议室', '办公室', '宿舍', '更衣室', '值班室', '操作室', '食堂', '澡堂'],
  ['举报', '投诉', '告发', '揭发'],
  ['任何单位或者个人', '群众', '市民', '普通人'],
  ['施行', '生效', '开始实施', '什么时候开始', '何时起'],
  ['废止', '作废', '失效', '还有效', '旧版', '老版'],
  ['同时设计 同时施工 同时投入生产和使用', '三同时'],
  ['熔融金属', '铝水', '铜水', '液态金属', '高温液体金属'],
  ['吊运跨', '吊运区域', '行车下方', '天车下', '起重机下方'],
  ['液氨', '氨气', '氨制冷', '冷库制冷'],
  ['快速冻结装置', '速冻机', '速冻库', '急冻间'],
  ['粉尘爆炸', '粉尘涉爆', '涉粉', '粉尘防爆', '木粉', '铝粉', '镁粉', '面粉'],
  ['除尘系统', '除尘设备', '吸尘', '集尘', '布袋除尘'],
  ['动火', '电焊', '气割', '焊接', '明火作业', '烧焊'],
  ['高处作业', '登高', '爬高', '高空作业', '脚手架', '屋顶作业'],
  // Personal protective equipment by body part, as GB 39800.1 groups it (ordinary work clothes are not PPE).
  ['劳动防护用品', '安全帽', '防护服', '护目镜', '劳保', '劳保用品', '劳保鞋', '安全鞋', '防砸鞋', '绝缘鞋', '手套', '防护手套', '绝缘手套', '口罩', '防尘口罩', '耳塞', '耳罩', '防护面罩', '反光背心', '阻燃服'],
  ['品牌', '牌子'],
  ['金融机构', '银行', '信用社'],
  ['工作人员', '干部', '公职人员'],
  ['安全警示标志', '警示牌', '警示标识', '警告牌', '警示标牌'],
  ['培训', '安全教育', '上课'],
  ['审批', '作业票', '作业证', '签字同意'],
  ['通风', '换气', '排风', '鼓风'],
  ['检测', '测氧', '测毒', '测气'],
  ['承包单位', '外包队', '外包单位', '包工头', '施工队', '外来施工', '外包'],
  ['承租单位', '一厂多租', '厂中厂', '租赁厂房', '转租', '租户'],
  ['积水', '有水', '存水', '水坑', '漏水'],
  ['乙醇', '酒精'],
  ['冶金企业', '钢厂', '炼钢厂', '炼铁厂', '钢铁厂', '轧钢厂', '钢铁企业'],
  ['有色企业', '铝厂', '铜厂', '锌厂', '铝加工厂'],
  ['建材企业', '水泥厂', '玻璃厂', '陶瓷厂', '砖厂'],
  ['机械企业', '铸造厂', '机加工厂', '机械厂'],
  ['轻工企业', '食品厂', '酒厂', '造纸厂'],
  ['适用', '管辖', '管不管'],
  ['职责', '干什么', '要做什么', '管什么', '负责什么', '干哪些', '做哪些', '干啥'],
  ['监护人员', '监护人', '看护人', '没人看', '没人盯', '盯着', '看着'],
  ['罚款', '罚多少', '罚钱', '怎么罚', '咋罚', '会被罚', '罚不罚'],
  ['消除', '整改', '整治'],
  ['修复 维修', '修好', '修理'],
  ['报告', '上报', '汇报'],
  ['安全距离', '离得太近', '距离太近'],
  ['负有安全生产监督管理职责的部门', '监管部门', '安监部门', '安监局', '执法部门', '监督部门'],
  ['应急管理部门', '应急局', '应急管理局'],
  ['监察机关', '监委', '纪委', '监察委'],
  ['新闻 出版 广播 电影 电视', '电视台', '媒体', '报社', '记者'],
  ['按日连续处罚', '按天罚', '天天罚', '每天罚'],
  ['收取费用', '收钱', '收费', '交钱', '要钱'],
  ['违法行为信息库', '黑名单'],
  ['事故', '出事', '出了事'],
  ['擅自', '私自', '偷偷'],
];

export interface SynonymMatch {
  /** Regulation wording (space-separated alternatives). */
  canonical: string;
  /** What the question actually said. */
  variant: string;
}

/**
 * Groups whose colloquial variant occurs in `question` (and whose regulation wording does not).
 * The wording is added to the query, never substituted: a variant such as 休息室 is itself a term
 * some articles use.
 */
export function matchSynonyms(question: string): SynonymMatch[] {
  const q = question.toLowerCase();
  // A variant inside a longer domain term the question uses (镁粉 in 铝镁粉尘) is not what was asked,
  // nor one that straddles words (员工 in 监护人员工资).
  const terms = DOMAIN_TERMS.filter((t) => q.includes(t));
  const bounds = new Set<number>([0]);
  let at = 0;
  for (const w of jieba().cut(q, false)) bounds.add((at += w.length));
  const onBoundaries = (v: string) => {
    for (let i = q.indexOf(v); i >= 0; i = q.indexOf(v, i + 1)) if (bounds.has(i) && bounds.has(i + v.length)) return true;
    return false;
  };
  const insideTerm = (v: string) => terms.some((t) => t.length > v.length && t.includes(v)) || !onBoundaries(v);
  const out: SynonymMatch[] = [];
  for (const [canonical, ...variants] of GROUPS) {
    if (canonical!.split(' ').some((c) => q.includes(c))) continue;
    const variant = variants.filter((v) => q.includes(v) && !insideTerm(v)).sort((a, b) => b.length - a.length)[0];
    if (variant) out.push({ canonical: canonical!, variant });
  }
  return out;
}
