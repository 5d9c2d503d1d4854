import type { Outbound } from '../../domain/index.js';

export type WebMessage =
  | { kind: 'text'; text: string; choices?: { label: string; value: string }[][] }
  | { kind: 'photo'; url: string; caption?: string };

/**
 * Photos are served through /media with the case that shows them (access is checked against it), never inlined.
 * A tipster's own photo goes without the case: its receipt session (a cookie, see receipt-cookie.ts) lets it through.
 */
export const renderForWeb = (messages: Outbound[]): WebMessage[] =>
  messages.map((m) =>
    m.kind === 'photo'
      ? { kind: 'photo', url: `/media/${encodeURIComponent(m.mediaId)}${m.caseNumber && !m.receiptSession ? `?case=${encodeURIComponent(m.caseNumber)}` : ''}`, caption: m.caption }
      : m,
  );

/** The receipt session a reply opened, if any: the route hands it to the browser as a cookie, not in the JSON. */
export const receiptSessionOf = (messages: Outbound[]): string | undefined =>
  messages.flatMap((m) => (m.kind === 'photo' && m.receiptSession ? [m.receiptSession] : []))[0];
