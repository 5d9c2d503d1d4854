import type { ChatRef, Choice, Inbound } from '../../domain/index.js';

const utf8 = new TextEncoder();
const byteLength = (s: string) => utf8.encode(s).length;

/**
 * Splits text into pieces of at most `maxBytes` UTF-8 bytes (WeCom limits are in bytes), preferring
 * paragraph, then line breaks, and never cutting a character in half.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (byteLength(rest) > maxBytes) {
    let cut = 0;
    let bytes = 0;
    for (const ch of rest) {
      bytes += byteLength(ch);
      if (bytes > maxBytes) break;
      cut += ch.length;
    }
    const head = rest.slice(0, cut);
    const breakAt = Math.max(head.lastIndexOf('\n\n'), head.lastIndexOf('\n'));
    if (breakAt > cut / 2) cut = breakAt + 1;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

export function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : chars.slice(0, maxChars - 1).join('') + '…';
}

/** Typed text becomes a command when it looks like one (`/start args`), as on the other channels. */
export function textInbound(chat: ChatRef, raw: string): Inbound {
  const text = raw.trim();
  const command = /^\/([A-Za-z][\w-]*)(?:\s+([\s\S]*))?$/.exec(text);
  return command
    ? { chat, kind: 'command', command: command[1]!.toLowerCase(), args: (command[2] ?? '').trim() }
    : { chat, kind: 'text', text };
}

/** Where a channel cannot show buttons (appchat, webhook), the options are still listed. */
export function withChoicesListed(text: string, choices: Choice[][] | undefined): string {
  const labels = (choices ?? []).flat().map((c) => `- ${c.label}`);
  return labels.length ? `${text}\n\n${labels.join('\n')}` : text;
}
