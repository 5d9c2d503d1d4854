import type { Outbound } from '../../domain/index.js';

export type WebMessage =
  | { kind: 'text'; text: string; choices?: { label: string; value: string }[][] }
  | { kind: 'photo'; url: string; caption?: string };

/** Photos are served by content hash through /media, never inlined. */
export const renderForWeb = (messages: Outbound[]): WebMessage[] =>
  messages.map((m) =>
    m.kind === 'photo' ? { kind: 'photo', url: `/media/${encodeURIComponent(m.mediaId)}`, caption: m.caption } : m,
  );
