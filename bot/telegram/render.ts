import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { MediaStore, Outbound } from '../../domain/index.js';
import type { HandlerLogger } from '../../handlers/index.js';
import type { CallbackCodec } from './callback-data.js';
import { splitForTelegram, truncateForTelegram } from './split-text.js';

/** Where Outbound photos (by stored media id) are read from: `stores.media`. */
export type PhotoSource = Pick<MediaStore, 'get'>;

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** Every callback_data fits 64 bytes: the codec shortens longer values. */
const keyboard = async (choices: { label: string; value: string }[][], codec: CallbackCodec): Promise<InlineKeyboardMarkup> => ({
  inline_keyboard: await Promise.all(choices.map((row) => Promise.all(row.map(async (c) => ({ text: c.label, callback_data: await codec.encode(c.value) }))))),
});

/** Plain text (no parse mode: nothing to escape), long texts split between graphemes, the keyboard on the last part. */
export async function sendOutbound(api: Api, media: PhotoSource, chatId: number, messages: Outbound[], log: HandlerLogger, codec: CallbackCodec): Promise<void> {
  for (const m of messages) {
    if (m.kind === 'text') {
      const parts = splitForTelegram(m.text, MAX_TEXT);
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        await api.sendMessage(chatId, part, last && m.choices?.length ? { reply_markup: await keyboard(m.choices, codec) } : {});
      }
      continue;
    }
    const stored = await media.get(m.mediaId);
    if (!stored) {
      // One missing photo must not swallow the rest of the reply.
      log.warn({ mediaId: m.mediaId }, 'photo to send is not in the media store; skipped');
      continue;
    }
    const file = new InputFile(Buffer.from(stored.data), `${stored.ref.id.slice(0, 16)}.jpg`);
    await api.sendPhoto(chatId, file, m.caption ? { caption: truncateForTelegram(m.caption, MAX_CAPTION) } : {});
  }
}
