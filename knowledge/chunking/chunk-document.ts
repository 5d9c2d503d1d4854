import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { articleText, type ArticleLine, type LegalArticle, type LegalStructure } from './legal-structure.js';

export interface DraftChunk {
  /** Citation label: `第十一条`; `题注` for the text before the first article; `第3段` for documents without articles. */
  article: string;
  part?: string;
  chapter?: string;
  section?: string;
  text: string;
}

export const DEFAULT_MAX_CHUNK_CHARS = 600;

/**
 * Splits an article longer than `maxChars` at 款/项 boundaries. Every piece repeats the article label and
 * its first 款 (the lead-in, e.g. "…有下列情形之一的，应当判定为重大事故隐患："), so an item read alone
 * still says what it is an item of.
 */
function splitArticle(a: LegalArticle, maxChars: number): string[] {
  const whole = articleText(a);
  if (whole.length <= maxChars || a.lines.length < 2) return [whole];
  const [lead, ...rest] = a.lines as [ArticleLine, ...ArticleLine[]];
  const head = `${a.label}\u3000${lead.text}`;
  const pieces: string[] = [];
  let group: string[] = [];
  let size = head.length;
  for (const line of rest) {
    if (group.length > 0 && size + line.text.length + 1 > maxChars) {
      pieces.push([head, ...group].join('\n'));
      group = [];
      size = head.length;
    }
    group.push(line.text);
    size += line.text.length + 1;
  }
  if (group.length > 0) pieces.push([head, ...group].join('\n'));
  return pieces;
}

export async function chunkDocument(structure: LegalStructure, opts: { maxChars?: number } = {}): Promise<DraftChunk[]> {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHUNK_CHARS;
  if (structure.articles.length === 0) {
    // Not a statute (a notice, a manual): plain splitting on Chinese sentence boundaries.
    const splitter = new RecursiveCharacterTextSplitter({
      chunkSize: maxChars,
      chunkOverlap: Math.round(maxChars / 10),
      separators: ['\n\n', '\n', '。', '！', '？', '；', '，', ' ', ''],
      keepSeparator: false,
    });
    const texts = await splitter.splitText(structure.preamble.join('\n'));
    return texts.map((text, i) => ({ article: `第${i + 1}段`, text }));
  }
  const chunks: DraftChunk[] = [];
  const preamble = structure.preamble.join('\n');
  if (preamble.length >= 20) chunks.push({ article: '题注', text: preamble.slice(0, maxChars) });
  for (const a of structure.articles) {
    for (const text of splitArticle(a, maxChars)) {
      chunks.push({
        article: a.label,
        ...(a.part ? { part: a.part } : {}),
        ...(a.chapter ? { chapter: a.chapter } : {}),
        ...(a.section ? { section: a.section } : {}),
        text,
      });
    }
  }
  return chunks;
}
