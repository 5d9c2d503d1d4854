import { Parser } from 'htmlparser2';

/** Elements whose content is never page text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'del', 's', 'strike']);
const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'blockquote', 'pre', 'header', 'footer', 'br', 'dd', 'dt', 'td', 'th']);
const VOID = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'wbr', 'source', 'area', 'base', 'col', 'embed', 'param', 'track']);
const HIDING_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])|(?:^|;)\s*(?:width|height)\s*:\s*0(?:px)?\s*(?:;|$))/i;

export interface HtmlText {
  title?: string;
  text: string;
  /** Hidden elements (hidden attribute, display:none, deleted text, …) whose text was dropped. */
  hiddenDropped: number;
}

/** Class names a page's own <style> hides (`.x{display:none}`): the common way to hide planted text. */
function hiddenClasses(html: string): Set<string> {
  const out = new Set<string>();
  for (const block of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) {
    for (const rule of block[1]!.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      if (!HIDING_STYLE.test(rule[2]!)) continue;
      for (const cls of rule[1]!.matchAll(/\.([\w-]+)/g)) out.add(cls[1]!);
    }
  }
  return out;
}

function hides(attrs: Record<string, string>, classes: Set<string>): boolean {
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden'] === 'true' && HIDING_STYLE.test(attrs.style ?? '')) return true;
  if (HIDING_STYLE.test(attrs.style ?? '')) return true;
  if (attrs.type === 'hidden') return true;
  return (attrs.class ?? '').split(/\s+/).some((c) => classes.has(c));
}

/**
 * Visible text of an HTML page, block elements on their own lines; the <title> (or first <h1>) as title.
 * Comments, scripts, deleted text (<del>, <s>) and hidden elements (the `hidden` attribute, inline or
 * page-stylesheet display:none / visibility:hidden / zero size) are dropped: a reader never sees them, so
 * an answer must not quote them.
 */
export function htmlToText(html: string): HtmlText {
  const classes = hiddenClasses(html);
  const stack: { name: string; drop: boolean }[] = [];
  let dropDepth = 0;
  let hiddenDropped = 0;
  let title = '';
  let h1 = '';
  let inTitle = false;
  let inH1 = false;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const hidden = hides(attrs, classes);
        const drop = SKIPPED.has(name) || hidden;
        if (hidden && dropDepth === 0) hiddenDropped++;
        if (name === 'title') inTitle = true;
        if (name === 'h1' && !h1) inH1 = true;
        if (BLOCK.has(name) && dropDepth === 0) text += '\n';
        if (VOID.has(name)) return;
        stack.push({ name, drop });
        if (drop) dropDepth++;
      },
      ontext(data) {
        if (inTitle) title += data;
        if (inH1 && dropDepth === 0) h1 += data;
        if (dropDepth === 0) text += data;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'h1') inH1 = false;
        if (VOID.has(name)) return;
        const i = stack.map((e) => e.name).lastIndexOf(name);
        if (i < 0) return;
        for (const e of stack.splice(i)) if (e.drop) dropDepth--;
        if (BLOCK.has(name) && dropDepth === 0) text += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  const lines = text
    .split('\n')
    .map((l) => l.replace(/[ \t\r\u00a0]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
  const heading = (title || h1).replace(/\s+/g, ' ').trim();
  return heading ? { title: heading, text: lines, hiddenDropped } : { text: lines, hiddenDropped };
}

/** Comments and hidden elements (not nested in one another) in otherwise plain text such as Markdown. */
const HIDDEN_MARKUP = [
  /<!--[\s\S]*?-->/g,
  /<([a-zA-Z][\w-]*)\b[^>]*\b(?:hidden\b|style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden)[^"']*["'])[^>]*>[\s\S]*?<\/\1\s*>/gi,
  /<(del|s|strike)\b[^>]*>[\s\S]*?<\/\1\s*>/gi,
];

export function dropHiddenMarkup(text: string): { text: string; dropped: number } {
  let dropped = 0;
  let out = text;
  for (const re of HIDDEN_MARKUP) {
    out = out.replace(re, () => {
      dropped++;
      return '';
    });
  }
  return { text: out, dropped };
}
