/** Text-showing operators whose first argument is the glyph list (pdf.js operator list). */
const SHOW_TEXT = ['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText'];
const PAINT_IMAGE = ['paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat'];

interface TextState {
  mode: number;
  fill: string;
  size: number;
}

type Glyph = { unicode?: string } | number | null;

function glyphText(arg: unknown): string {
  const glyphs = (Array.isArray(arg) ? arg : []) as Glyph[];
  return glyphs.map((g) => (g && typeof g === 'object' ? (g.unicode ?? '') : typeof g === 'number' && g < -200 ? ' ' : '')).join('');
}

/**
 * Runs of text a PDF draws but nobody can see: render mode 3 (invisible), white fill, or a font under one
 * point. A page that also paints an image is left alone: invisible text over a scan is its OCR layer, the
 * only text such a page has. Returns the hidden runs, so the caller can drop them from the extracted text.
 */
export async function hiddenPdfText(bytes: Uint8Array): Promise<string[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const name = new Map<number, string>(Object.entries(OPS).map(([k, v]) => [v as number, k]));
  const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const hidden: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const ops = await (await doc.getPage(p)).getOperatorList();
      const found: string[] = [];
      let image = false;
      let state: TextState = { mode: 0, fill: '#000000', size: 12 };
      const stack: TextState[] = [];
      ops.fnArray.forEach((fn, i) => {
        const op = name.get(fn) ?? '';
        const args = ops.argsArray[i] as unknown[] | null;
        if (op === 'save') stack.push({ ...state });
        else if (op === 'restore') state = stack.pop() ?? state;
        else if (op === 'setTextRenderingMode') state.mode = Number(args?.[0]);
        else if (op === 'setFillRGBColor') state.fill = String(args?.[0]).toLowerCase();
        else if (op === 'setFont') state.size = Math.abs(Number(args?.[1]));
        else if (PAINT_IMAGE.includes(op)) image = true;
        else if (SHOW_TEXT.includes(op) && (state.mode === 3 || state.mode === 7 || state.fill === '#ffffff' || state.size < 1)) {
          const text = glyphText(args?.[op === 'nextLineSetSpacingShowText' ? 2 : 0]).trim();
          if (text) found.push(text);
        }
      });
      if (!image) hidden.push(...found);
    }
  } finally {
    await doc.destroy();
  }
  return hidden;
}

/** The extracted text without the hidden runs (matched with any whitespace between their characters). */
export function withoutHidden(text: string, hidden: string[]): { text: string; removed: number } {
  let out = text;
  let removed = 0;
  for (const run of hidden) {
    const chars = [...run.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (chars.length === 0) continue;
    const re = new RegExp(chars.join('\\s*'));
    if (re.test(out)) {
      out = out.replace(re, '');
      removed++;
    }
  }
  return { text: out, removed };
}
