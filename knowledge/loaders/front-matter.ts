import { parse } from 'yaml';

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

/** Splits a leading `---` YAML block off a Markdown/text file; a malformed block is treated as body text. */
export function splitFrontMatter(text: string): FrontMatter {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) return { data: {}, body: text };
  try {
    const data: unknown = parse(m[1]!);
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      return { data: data as Record<string, unknown>, body: text.slice(m[0].length) };
    }
  } catch {
    // Not YAML after all: keep everything as body.
  }
  return { data: {}, body: text };
}
