import type { Message, User } from 'grammy/types';
import type { Inbound, Locale, MediaRef } from '../../domain/index.js';
import { toChatRef } from './chat-ref.js';
import type { TelegramFile } from './media.js';

type InboundBase = Pick<Inbound, 'chat' | 'locale' | 'senderName' | 'sender'>;

/** One item of an album: the adapter gathers them into one photo Inbound. */
export interface AlbumItem {
  groupId: string;
  media: MediaRef;
  caption?: string;
}

export type Mapped = { kind: 'inbound'; inbound: Inbound } | { kind: 'album'; base: InboundBase; item: AlbumItem } | { kind: 'ignore' };

/** Message kinds people send that the handlers cannot use: they get a clear answer, not silence. */
const unsupported = ['sticker', 'voice', 'video', 'video_note', 'audio', 'animation', 'contact', 'poll', 'dice', 'game', 'story'] as const;

/** Telegram's language_code (`en-US`, `zh-hans` …) as a supported locale; other languages get the default. */
export function localeOf(languageCode: string | undefined): Locale | undefined {
  const lc = languageCode?.toLowerCase();
  return lc?.startsWith('en') ? 'en' : lc?.startsWith('zh') ? 'zh-CN' : undefined;
}

/** Who and where. `sender` is set in groups only, so a bound official can be recognised there. */
export function inboundBase(chat: Message['chat'], from: User | undefined): InboundBase {
  const group = chat.type !== 'private';
  return {
    chat: toChatRef(chat.id),
    locale: localeOf(from?.language_code),
    senderName: from?.first_name,
    ...(group && from && { sender: toChatRef(from.id) }),
  };
}

/**
 * A Telegram message as the handlers see it. In groups only commands count: the rest of a group's
 * conversation is not addressed to the bot.
 */
export function mapMessage(msg: Message, botUsername: string, mediaRef: (f: TelegramFile) => MediaRef): Mapped {
  const base = inboundBase(msg.chat, msg.from);
  const command = commandOf(msg, botUsername);
  if (command === null) return { kind: 'ignore' };
  if (command) return { kind: 'inbound', inbound: { ...base, kind: 'command', ...command } };
  if (base.sender) return { kind: 'ignore' };

  const image = msg.photo?.length
    ? msg.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
    : msg.document?.mime_type?.startsWith('image/')
      ? msg.document
      : undefined;
  if (image) {
    const media = mediaRef(image);
    if (msg.media_group_id) return { kind: 'album', base, item: { groupId: msg.media_group_id, media, caption: msg.caption } };
    return { kind: 'inbound', inbound: { ...base, kind: 'photo', media: [media], caption: msg.caption } };
  }
  if (msg.location) {
    return { kind: 'inbound', inbound: { ...base, kind: 'location', lat: msg.location.latitude, lng: msg.location.longitude, label: msg.venue?.title } };
  }
  if (msg.text) return { kind: 'inbound', inbound: { ...base, kind: 'text', text: msg.text } };
  if (msg.document) return { kind: 'inbound', inbound: { ...base, kind: 'unsupported', what: 'document' } };
  const what = unsupported.find((k) => k in msg);
  return what ? { kind: 'inbound', inbound: { ...base, kind: 'unsupported', what } } : { kind: 'ignore' };
}

/** `/cmd@bot args` at the start of a message. Null for a command addressed to another bot; undefined if none. */
function commandOf(msg: Message, botUsername: string): { command: string; args: string } | null | undefined {
  const text = msg.text ?? '';
  const entity = msg.entities?.[0];
  if (!entity || entity.type !== 'bot_command' || entity.offset !== 0) return undefined;
  const [name = '', at] = text.slice(1, entity.length).split('@');
  if (at && at.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { command: name.toLowerCase(), args: text.slice(entity.length).trim() };
}
