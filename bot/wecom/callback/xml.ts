import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Values stay strings: MsgId is a 64-bit number that a JS number would round.
const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: true });

/** The children of `<xml>` as strings, or undefined when the document is not well-formed. */
export function parseXmlFields(xml: string): Record<string, string> | undefined {
  // WeCom never sends a DOCTYPE; refusing it shuts out entity-expansion tricks.
  if (/<!DOCTYPE/i.test(xml) || XMLValidator.validate(xml) !== true) return undefined;
  const root = (parser.parse(xml) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') return undefined;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) if (typeof v === 'string') fields[k] = v;
  return fields;
}
