import type { BaseMessage } from '@wecom/aibot-node-sdk';
import type { Inbound, MediaRef } from '../../../domain/index.js';
import { botChatRefOf } from '../chat-ref.js';
import { textInbound } from '../text.js';

export type Download = (url: string, aesKey?: string) => Promise<Uint8Array>;

interface ImagePart {
  url: string;
  aeskey?: string;
}

/** Maps one bot message (text, image, mixed, voice-as-text, file, video) to a channel-neutral Inbound. */
export function messageToInbound(msg: BaseMessage, download: Download): Inbound {
  const chat = botChatRefOf(msg);
  const group = msg.chattype === 'group';
  const photo = (image: ImagePart): MediaRef => ({ download: () => download(image.url, image.aeskey) });
  switch (msg.msgtype) {
    case 'text':
      return textInbound(chat, withoutMention(textOf(msg.text?.content), group));
    case 'voice': // [长连接] voice arrives already transcribed (voice.content), so it is text
      return textInbound(chat, textOf(msg.voice?.content));
    case 'image':
      return msg.image?.url ? { chat, kind: 'photo', media: [photo(msg.image)] } : { chat, kind: 'unsupported', what: 'image' };
    case 'mixed': {
      const items: { msgtype: string; text?: { content: unknown }; image?: ImagePart }[] = msg.mixed?.msg_item ?? [];
      const text = withoutMention(
        items
          .filter((i) => i.msgtype === 'text')
          .map((i) => textOf(i.text?.content))
          .join('\n'),
        group,
      );
      const images = items.filter((i) => i.msgtype === 'image' && i.image?.url).map((i) => photo(i.image!));
      if (images.length === 0) return textInbound(chat, text);
      return text ? { chat, kind: 'photo', media: images, caption: text } : { chat, kind: 'photo', media: images };
    }
    default:
      return { chat, kind: 'unsupported', what: msg.msgtype };
  }
}

/** Text only when it is text: a number or an object where the platform puts a string reads as nothing, not as "[object Object]". */
const textOf = (content: unknown): string => (typeof content === 'string' ? content : '');

/** In groups the bot only hears messages that @-mention it; the mention is not part of what was said. */
function withoutMention(text: string, group: boolean): string {
  return group ? text.replace(/^\s*@\S+\s*/, '') : text;
}
