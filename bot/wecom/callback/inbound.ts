import type { Inbound } from '../../../domain/index.js';
import type { CardClick } from '../api/outbound.js';
import { toChatRef } from '../chat-ref.js';
import { textInbound } from '../text.js';

export type Fields = Record<string, string>;

/** WeCom retries by resending the same callback: messages repeat their MsgId, events their sender and time. */
export function dedupeKey(f: Fields): string {
  return f.MsgId ? `msg:${f.MsgId}` : `event:${f.FromUserName}:${f.CreateTime}:${f.Event ?? ''}`;
}

export function cardClickOf(f: Fields): CardClick | undefined {
  if (f.MsgType !== 'event' || f.Event !== 'template_card_event' || !f.EventKey) return undefined;
  return { value: f.EventKey, taskId: f.TaskId, responseCode: f.ResponseCode };
}

/** Maps a decrypted app callback to an Inbound; events other than card clicks are not conversation. */
export function callbackToInbound(f: Fields, getMedia: (mediaId: string) => Promise<Uint8Array>): Inbound | undefined {
  const chat = toChatRef({ kind: 'user', id: f.FromUserName ?? '' });
  switch (f.MsgType) {
    case 'text':
      return textInbound(chat, f.Content ?? '');
    case 'image':
      return f.MediaId ? { chat, kind: 'photo', media: [{ download: () => getMedia(f.MediaId!) }] } : undefined;
    case 'voice':
      // 接收消息 › 语音消息 carries MediaId and Format (AMR) only, no transcript; nothing here transcribes
      // speech, so the user is told to type instead of the bot pretending to have understood.
      return { chat, kind: 'unsupported', what: 'voice' };
    case 'location': {
      const lat = Number(f.Location_X);
      const lng = Number(f.Location_Y);
      if (!Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
      return f.Label ? { chat, kind: 'location', lat, lng, label: f.Label } : { chat, kind: 'location', lat, lng };
    }
    case 'event': {
      const click = cardClickOf(f);
      return click ? { chat, kind: 'choice', value: click.value } : undefined;
    }
    default:
      return { chat, kind: 'unsupported', what: f.MsgType ?? 'unknown' };
  }
}
