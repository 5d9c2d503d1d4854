import type { Locale } from '../types.js';

const zh = {
  refusal: '抱歉，知识库中没有找到能回答这个问题的法规条文，无法给出有依据的答复。可以换个说法再问，或咨询县应急管理局工作人员。',
  unnamed: (thing: string) =>
    `抱歉，知识库中的法规条文和排查手册都没有提到“${thing}”，无法就此给出有依据的答复。如果它在法规里另有叫法，可以换成法规的说法再问，或咨询县应急管理局工作人员。`,
  intro: '根据知识库中的以下条文（原文摘录）：',
  handbookBasis: '判定依据',
  major: '重大事故隐患',
  offlineNote: '提示：以上为条文摘录，未经归纳解释；具体是否适用，以执法人员现场认定为准。',
  llmNote: '提示：以上回答仅依据所引条文生成，具体以执法人员认定为准。',
  repealed: (title: string, by: string | null) => `注意：《${title}》已废止${by ? `（被《${by}》废止）` : ''}，不作为现行依据。`,
  seeHandbook: (id: string, title: string) => `排查指引：见《工贸企业风险隐患排查指导手册》${id}「${title}」（含取证要点和整改措施）。`,
  related: '未能确认哪一条能直接回答这个问题，以下条文可能相关（请核对原文）：',
  relatedNote: '提示：以上只是可能相关的条文，并非确定的答复；如需明确结论，请换个更具体的说法再问，或咨询县应急管理局工作人员。',
  penaltyRole: '处罚条款',
  dutyRole: '义务条款（规定应当怎么做）',
};

const en: typeof zh = {
  refusal: "Sorry, the knowledge base has no provision that answers this question, so I can't give a sourced answer. Try rephrasing, or ask the county Emergency Management Bureau.",
  unnamed: (thing: string) =>
    `Sorry, neither the regulations nor the inspection handbook in the knowledge base mention "${thing}", so I can't give a sourced answer about it. If the regulations call it something else, ask again in their words, or ask the county Emergency Management Bureau.`,
  intro: 'The following provisions in the knowledge base apply (quoted verbatim, in Chinese):',
  handbookBasis: 'Legal basis',
  major: 'major accident hazard',
  offlineNote: 'Note: these are verbatim excerpts, not an interpretation; whether they apply is for an inspector to confirm on site.',
  llmNote: 'Note: this answer is based only on the cited provisions; an inspector makes the final determination.',
  repealed: (title: string, by: string | null) => `Note: 《${title}》 has been repealed${by ? ` (by 《${by}》)` : ''} and is not cited as current law.`,
  seeHandbook: (id: string, title: string) => `Inspection guide: see handbook item ${id} 「${title}」 (evidence to collect and rectification measures).`,
  related: 'I could not confirm which provision answers this directly; these may be relevant (please check the text):',
  relatedNote: 'Note: these are possibly related provisions, not a confirmed answer; rephrase more specifically or ask the county Emergency Management Bureau.',
  penaltyRole: 'penalty provision',
  dutyRole: 'duty provision (what must be done)',
};

export function messages(locale: Locale = 'zh-CN'): typeof zh {
  return locale === 'en' ? en : zh;
}
