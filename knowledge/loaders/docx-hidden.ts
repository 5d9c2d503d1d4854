import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** Text parts of a .docx that hold body text. */
const TEXT_PART = /^word\/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$/;
/** A run (<w:r>) whose properties say "hidden" (<w:vanish/>, not w:val="0"/"false"). */
const HIDDEN_RUN = /<w:r\b(?:(?!<\/w:r>)[\s\S])*?<w:rPr>(?:(?!<\/w:rPr>)[\s\S])*?<w:(?:vanish|specVanish)(?:\s+w:val="(?:1|true|on)")?\s*\/>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g;
/** Deleted revisions (tracked changes): text that is no longer in the document. */
const DELETED = /<w:del\b[^>]*>[\s\S]*?<\/w:del>/g;
const MOVED_FROM = /<w:moveFrom\b[^>]*>[\s\S]*?<\/w:moveFrom>/g;

export interface VisibleDocx {
  bytes: Uint8Array;
  hiddenRuns: number;
  deletedRevisions: number;
}

/**
 * A .docx with its hidden runs and deleted revisions removed, so the text extracted from it is what a reader
 * sees with "show markup" off. mammoth already skips <w:del>; it does not know <w:vanish/>.
 */
export function dropHiddenDocxText(bytes: Uint8Array): VisibleDocx {
  const files = unzipSync(bytes);
  let hiddenRuns = 0;
  let deletedRevisions = 0;
  for (const [name, data] of Object.entries(files)) {
    if (!TEXT_PART.test(name)) continue;
    const xml = strFromU8(data);
    const cleaned = xml
      .replace(HIDDEN_RUN, () => {
        hiddenRuns++;
        return '';
      })
      .replace(DELETED, () => {
        deletedRevisions++;
        return '';
      })
      .replace(MOVED_FROM, () => {
        deletedRevisions++;
        return '';
      });
    if (cleaned !== xml) files[name] = strToU8(cleaned);
  }
  if (hiddenRuns + deletedRevisions === 0) return { bytes, hiddenRuns, deletedRevisions };
  return { bytes: zipSync(files as Zippable), hiddenRuns, deletedRevisions };
}
