/** One article of a regulation as the dev-set generator sees it. */
export interface ParsedArticle {
  /** 第十一条 */
  label: string;
  chapter: string;
  /** Whole text after the label. */
  body: string;
  /** First paragraph (the lead-in of an item list). */
  lead: string;
  items: Array<{ label: string; text: string }>;
}

const ARTICLE = /^第([零〇一二三四五六七八九十百]+)条[\u3000 ]+(.*)$/;
const ITEM = /^（([一二三四五六七八九十]+)）(.*)$/;

/** Reads a regulation markdown file (front matter, `## 第X章` headings, one paragraph per line). */
export function parseRegulation(markdown: string): ParsedArticle[] {
  const text = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const out: ParsedArticle[] = [];
  let chapter = '';
  let current: ParsedArticle | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('## ')) {
      chapter = line.slice(3);
      current = undefined;
      continue;
    }
    const a = ARTICLE.exec(line);
    if (a) {
      current = { label: `第${a[1]}条`, chapter, body: a[2]!, lead: a[2]!, items: [] };
      out.push(current);
      continue;
    }
    if (!current) continue;
    current.body += `\n${line}`;
    const item = ITEM.exec(line);
    if (item) current.items.push({ label: `（${item[1]}）`, text: item[2]! });
  }
  return out;
}
