import type { Outbound } from '../domain/index.js';
import { translator } from '../locales/index.js';
import type { Ctx } from './context.js';
import { text } from './format.js';
import type { Answer, Citation } from './knowledge-port.js';
import { guardQuestion } from './question-guards/index.js';

const MAX_CHARS = 3500; // fits Telegram (4096) and WeCom markdown after formatting

/** Long answers are split on paragraph boundaries so each message stays readable on its own. */
export function splitText(s: string, max = MAX_CHARS): string[] {
  const parts: string[] = [];
  let current = '';
  for (const para of s.split('\n')) {
    if (current && current.length + para.length + 1 > max) {
      parts.push(current);
      current = '';
    }
    for (let p = para; p.length > 0; p = p.slice(max)) {
      if (p.length > max) parts.push(p.slice(0, max));
      else current = current ? `${current}\n${p}` : p;
      if (p.length <= max) break;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** 《…》第十一条第（四）项、第（六）项（应急管理部令第10号） */
function citationLine(c: Citation): string {
  const items = c.items?.length ? c.items.map((i) => `第${i}项`).join('、') : '';
  return `《${c.docTitle}》${c.article}${items}${c.docNumber ? `（${c.docNumber}）` : ''}`;
}

/** A confident answer lists its sources; a `related` reply is marked unconfirmed on every channel. */
function renderAnswer(ctx: Ctx, a: Answer): string {
  if (a.kind === 'refusal') return a.text;
  const unique = [...new Set(a.citations.filter((c) => !c.repealed).map(citationLine))];
  const list = unique.map((c) => `· ${c}`).join('\n');
  if (a.kind === 'related') return [ctx.t('ask.relatedTitle'), a.text, ...(unique.length ? [`${ctx.t('ask.relatedSources')}\n${list}`] : [])].join('\n\n');
  return unique.length ? `${a.text}\n\n${ctx.t('ask.sources')}\n${list}` : a.text;
}

export async function ask(ctx: Ctx, question: string): Promise<Outbound[]> {
  const kb = ctx.deps.knowledge;
  if (!kb) return [text(ctx.t('ask.unavailable'))];
  const q = question.trim();
  if (q.length < 2) return [text(ctx.t('ask.prompt'))];
  const guarded = guardQuestion(q, ctx.locale);
  if ('refuse' in guarded) return [text(guarded.refuse)];
  const answer = await kb.ask(guarded.question, { locale: guarded.locale });
  // An English question in a Chinese chat gets English labels too.
  const rendered = renderAnswer(guarded.locale === ctx.locale ? ctx : { ...ctx, t: translator(guarded.locale) }, answer);
  return splitText([...guarded.notes, rendered].join('\n\n')).map((s) => text(s));
}

export async function handbook(ctx: Ctx, keyword: string): Promise<Outbound[]> {
  const kb = ctx.deps.knowledge;
  if (!kb) return [text(ctx.t('ask.unavailable'))];
  const kw = keyword.trim();
  if (!kw) return [text(ctx.t('handbook.prompt'))];
  const items = await kb.handbook(kw, 5);
  if (items.length === 0) return [text(ctx.t('handbook.none', { keyword: kw }))];
  return items.map((i) =>
    text(
      [
        `【${i.category}】${i.title}${i.major ? ` ${ctx.t('triage.majorItem')}` : ''}`,
        i.description,
        `${ctx.t('handbook.basis')}${i.basis.map((b) => `《${b.docTitle}》${b.article}`).join('；')}`,
        `${ctx.t('handbook.evidence')}${i.evidence.join('；')}`,
        `${ctx.t('handbook.measures')}${i.measures.join('；')}`,
      ].join('\n'),
    ),
  );
}
