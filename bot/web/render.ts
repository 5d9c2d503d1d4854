import type { Outbound } from '../../domain/index.js';

export type WebMessage =
  | { kind: 'text'; text: string; choices?: { label: string; value: string }[][] }
  | { kind: 'photo'; url: string; caption?: string };

/** Photos are served through /media with the case that shows them (access is checked against it), never inlined. */
export const renderForWeb = (messages: Outbound[]): WebMessage[] =>
  messages.map((m) =>
    m.kind === 'photo'
      ? { kind: 'photo', url: `/media/${encodeURIComponent(m.mediaId)}${m.caseNumber ? `?case=${encodeURIComponent(m.caseNumber)}` : ''}`, caption: m.caption }
      : m,
  );
