import type { Outbound } from '../../domain/index.js';
import type { Ctx } from '../context.js';
import { caseLine, text, truncate } from '../format.js';
import { myCasesFilter } from './visibility.js';

const PAGE = 8;

export async function listCases(ctx: Ctx, after?: string): Promise<Outbound[]> {
  const page = await ctx.deps.stores.cases.list(myCasesFilter(ctx), { limit: PAGE, after });
  if (page.items.length === 0) return [text(after ? ctx.t('cases.noMore') : ctx.t('cases.none'))];
  const rows = page.items.map((c) => [
    { label: truncate(`${caseLine(c, ctx.t, ctx.locale)} · ${c.enterpriseName ?? c.description}`, 60), value: `c:${c.number}` },
  ]);
  // The cursor stays in the dialog state: it does not fit in a 64-byte button payload.
  ctx.state.casesCursor = page.next;
  if (page.next) rows.push([{ label: ctx.t('cases.more'), value: 'l:next' }]);
  return [text(ctx.t('cases.title'), rows)];
}
