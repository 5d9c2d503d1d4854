import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { HandbookItem } from '../types.js';

export const HANDBOOK_FILE = new URL('./handbook.yaml', import.meta.url);
export const MAJOR_STANDARD_TITLE = '工贸企业重大事故隐患判定标准';

const text = z.string().trim().min(1);
const handbookSchema = z
  .object({
    title: text,
    version: text,
    notice: text,
    documents: z.record(z.string(), z.object({ title: text, docNumber: text.optional() })),
    items: z
      .array(
        z.object({
          id: z.string().regex(/^[A-Z0-9]+-\d{2}$/),
          category: text,
          title: text,
          description: text,
          basis: z.array(z.object({ doc: text, article: z.string().regex(/^第.+条(第（.+）项)?$/) })).min(1),
          major: z.boolean(),
          evidence: z.array(text).min(1),
          measures: z.array(text).min(1),
          keywords: z.array(text).min(1),
        }),
      )
      .min(60),
  })
  .superRefine((h, ctx) => {
    const ids = new Set<string>();
    h.items.forEach((item, i) => {
      if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate id ${item.id}` });
      ids.add(item.id);
      for (const b of item.basis) {
        if (!h.documents[b.doc]) ctx.addIssue({ code: 'custom', path: ['items', i, 'basis'], message: `unknown document ${b.doc}` });
      }
      // "major" is a claim about the 判定标准, so it must cite it.
      if (item.major && !item.basis.some((b) => h.documents[b.doc]?.title === MAJOR_STANDARD_TITLE)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'major'], message: `${item.id} is major but does not cite ${MAJOR_STANDARD_TITLE}` });
      }
    });
  });

export interface Handbook {
  title: string;
  version: string;
  notice: string;
  items: HandbookItem[];
  /** Content hash: the shipped handbook is re-indexed when it changes. */
  hash: string;
}

/** Parses and validates handbook YAML; throws a zod error listing every problem. */
export function parseHandbook(yamlText: string): Handbook {
  const h = handbookSchema.parse(parse(yamlText));
  const items: HandbookItem[] = h.items.map((item) => ({
    ...item,
    basis: item.basis.map((b) => {
      const doc = h.documents[b.doc]!;
      return doc.docNumber ? { docTitle: doc.title, article: b.article, docNumber: doc.docNumber } : { docTitle: doc.title, article: b.article };
    }),
  }));
  const hash = createHash('sha256').update(yamlText).digest('hex');
  return { title: h.title, version: h.version, notice: h.notice, items, hash };
}

export function loadHandbook(): Handbook {
  return parseHandbook(readFileSync(HANDBOOK_FILE, 'utf8'));
}

/** The text a handbook item is indexed and matched by. */
export function handbookItemText(item: HandbookItem): string {
  return [
    `${item.id} ${item.title}`,
    item.description,
    `判定依据：${item.basis.map((b) => `《${b.docTitle}》${b.article}`).join('、')}${item.major ? '（重大事故隐患）' : ''}`,
    `关键词：${item.keywords.join('、')}`,
  ].join('\n');
}
