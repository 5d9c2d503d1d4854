/**
 * Kinds of answer a regulation never gives, however well an article matches the rest of the question:
 * regulations state duties, prohibitions, penalties, definitions and dates of effect — not where to buy a
 * product or which brand, not a website or an app, not a subsidy or a tax break, not software or a form to
 * fill in, not the dates and plans of a local office, and they do not write the user's documents. A kind
 * counts only when the quoted articles do not use its words themselves (an article naming 举报电话 can answer
 * a question about it).
 */
interface UnheldKind {
  kind: string;
  asked: RegExp;
  /** Words that, in an article, would mean it does speak of this kind after all (none for a kind no rule speaks of). */
  held?: RegExp;
}

const LOCAL_OFFICE = /县里|市里|镇里|镇上|乡里|村里|省里|我们县|本县|我县|咱县|咱们县|区里/;

const UNHELD_KINDS: UnheldKind[] = [
  {
    kind: 'purchase',
    asked: /(?:哪|哪里|哪儿|去哪|在哪)(?:能|可以|去|有)?(?:买|购买|采购|订购|卖)|哪(?:个|家|种|款)(?:牌子|品牌|厂家|厂商|型号)|什么(?:牌子|品牌|型号)|牌子|价格|价钱|报价|多少钱一/,
    held: /品牌|价格|型号/,
  },
  { kind: 'online', asked: /网站|网址|网页|网上|在线|app|小程序|公众号|二维码|链接|下载/i, held: /网站|网上|网页|在线|网络/ },
  // Subsidies, tax and other benefits are a matter of policy, not of these rules (an article that speaks of the
  // state encouraging or supporting something does answer).
  { kind: 'benefit', asked: /政策|补贴|减免|优惠|扶持|奖补|税|贷款/, held: /补贴|减免|优惠|扶持|奖补|税|贷款|政策|鼓励|支持/ },
  { kind: 'software', asked: /软件|模板|范本|样表|样本|表格|格式文本/, held: /软件|模板|范本|样表|格式/ },
  {
    kind: 'task',
    asked: /^(?:请|麻烦)?你?(?:帮我|给我|替我|帮忙|帮着)?(?:写|起草|拟|编写|撰写|翻译|润色|生成)(?:一|个|份|篇|段|套)/,
  },
  // A local office's dates and plans for a period (县里今年查哪些企业) are in its own notices, not in national rules.
  {
    kind: 'local-plan',
    asked: new RegExp(`(?:${LOCAL_OFFICE.source}).*(?:什么时候|啥时候|哪天|几号|几月|何时|报名|今年|明年|本月|这个月|下个?月|下周|最近|近期)|(?:下个?月|下周|明天|后天|今年|明年).*(?:在哪|哪里|报名|几号|哪天)`),
  },
];

/** The kind of answer the question asks for that the quoted text cannot hold, if any. */
export function unheldKindAsked(question: string, quoted: string): string | undefined {
  const q = question.replace(/\s/g, '');
  return UNHELD_KINDS.find((k) => k.asked.test(q) && !k.held?.test(quoted))?.kind;
}
