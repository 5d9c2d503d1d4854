import { strToU8, zipSync } from 'fflate';

/** A small regulation in Markdown: front matter title, three articles. */
export function regulation(title: string, articles: string[], opts: { frontMatter?: boolean } = { frontMatter: true }): string {
  const body = articles.map((a, i) => `第${'一二三四五六七八九十'[i]}条\u3000${a}`).join('\n\n');
  return opts.frontMatter === false ? `# ${title}\n\n${body}\n` : `---\ntitle: "${title}"\n---\n\n# ${title}\n\n${body}\n`;
}

export function utf16(s: string, order: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\uFEFF${s}`, 'utf16le');
  if (order === 'le') return new Uint8Array(le);
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(be);
}

/** A PDF of one page built by hand, with correct cross-reference offsets. */
export function pdf(opts: { content?: string; image?: boolean; pages?: number; font?: boolean } = {}): Uint8Array {
  const pages = opts.pages ?? 1;
  const objects: (string | Buffer)[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  const imageObj = 3 + pages * 2;
  for (let i = 0; i < pages; i++) {
    const font = opts.font ? '/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >>' : '';
    const resources = `<< ${opts.image ? `/XObject << /Im1 ${imageObj} 0 R >>` : ''} ${font} >>`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + i * 2} 0 R /Resources ${resources} >>`);
    const content = [opts.image ? 'q 400 0 0 400 100 300 cm /Im1 Do Q' : '', opts.content ?? ''].join('\n');
    objects.push(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`);
  }
  if (opts.image) {
    // An 8×8 grey "scan": the kind of page a scanner produces, with no text layer at all.
    const pixels = Buffer.alloc(64, 0x80);
    objects.push(Buffer.concat([Buffer.from('<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n'), pixels, Buffer.from('\nendstream')]));
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((o, i) => {
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(o) ? o : Buffer.from(o), Buffer.from('\nendobj\n')]);
    offsets.push(at);
    at += b.length;
    parts.push(b);
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal .docx whose body is the given WordprocessingML paragraphs (`<w:p>…</w:p>`). */
export function docx(paragraphsXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${paragraphsXml}</w:body></w:document>`),
  });
}

export const p = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
export const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
export const hiddenRun = (t: string) => `<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`;
export const deleted = (t: string) => `<w:del w:id="1" w:author="审核人" w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`;
export const inserted = (t: string) => `<w:ins w:id="2" w:author="审核人" w:date="2026-01-01T00:00:00Z">${r(t)}</w:ins>`;
