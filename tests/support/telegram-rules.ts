/**
 * Bot API limits the Telegram fakes enforce (https://core.telegram.org/bots/api), for the methods the bot
 * calls. The emulator (telegram-test-api) accepts anything; TelegramGateway refuses these as the Bot API
 * does, with 400 and its description (descriptions as the live API words them [M]).
 * Lengths are "characters after entities parsing", which Telegram counts in UTF-16 code units.
 */
export interface BotApiRefusal {
  description: string;
}

type Json = Record<string, unknown>;
const refuse = (description: string): BotApiRefusal => ({ description: `Bad Request: ${description}` });

/** sendMessage › text: "1-4096 characters after entities parsing". */
export const TEXT_MAX = 4096;
/** sendPhoto › caption: "0-1024 characters after entities parsing". */
export const CAPTION_MAX = 1024;
/** InlineKeyboardButton › callback_data: "1-64 bytes". */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** answerCallbackQuery › text: "0-200 characters". */
export const CALLBACK_ANSWER_MAX = 200;

function keyboardProblem(markup: unknown): BotApiRefusal | undefined {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as Json) : (markup as Json | undefined);
  const rows = parsed?.inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows)) return refuse("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
  for (const b of rows.flat() as Json[]) {
    if (typeof b.text !== 'string' || !b.text) return refuse('text buttons are unallowed in the inline keyboard');
    const data = b.callback_data;
    if (data !== undefined && (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') < 1 || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES)) {
      return refuse('BUTTON_DATA_INVALID');
    }
  }
  return undefined;
}

/** The refusal the Bot API gives this call, if any. `fields` are the JSON body or the multipart fields as text. */
export function botApiProblem(method: string, fields: Json): BotApiRefusal | undefined {
  switch (method) {
    case 'sendMessage': {
      const text = fields.text;
      if (typeof text !== 'string' || text.length === 0) return refuse('message text is empty');
      if (text.length > TEXT_MAX) return refuse('message is too long');
      return keyboardProblem(fields.reply_markup);
    }
    case 'sendPhoto': {
      const caption = fields.caption;
      if (typeof caption === 'string' && caption.length > CAPTION_MAX) return refuse('message caption is too long');
      return keyboardProblem(fields.reply_markup);
    }
    case 'answerCallbackQuery': {
      const text = fields.text;
      if (typeof text === 'string' && text.length > CALLBACK_ANSWER_MAX) return refuse('MESSAGE_TOO_LONG');
      return undefined;
    }
    default:
      return undefined;
  }
}
