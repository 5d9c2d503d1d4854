import { createHash } from 'node:crypto';
import type { ReplyMsgItem, TemplateCard } from '@wecom/aibot-node-sdk';
import type { Outbound } from '../../../domain/index.js';
import { chosenLabel, layoutChoices, type ChoiceCard } from '../cards.js';
import type { LoadedPhoto } from '../media.js';
import { splitUtf8 } from '../text.js';

/** Stream content and proactive markdown are capped at 20480 UTF-8 bytes. */
export const MARKDOWN_MAX_BYTES = 20480;
/** A finished stream may carry up to ten images. */
const MAX_STREAM_IMAGES = 10;

export type Piece =
  | { kind: 'markdown'; text: string }
  | { kind: 'card'; card: ChoiceCard }
  | { kind: 'photo'; photo: LoadedPhoto };

/** Flattens handler replies into what WeCom can show: markdown, button cards and photos, in order. */
export async function toPieces(messages: Outbound[], load: (mediaId: string) => Promise<LoadedPhoto | undefined>): Promise<Piece[]> {
  const pieces: Piece[] = [];
  const addText = (text: string) => {
    const last = pieces.at(-1);
    if (last?.kind === 'markdown') last.text += `\n\n${text}`;
    else pieces.push({ kind: 'markdown', text });
  };
  for (const m of messages) {
    if (m.kind === 'photo') {
      const photo = await load(m.mediaId);
      if (photo) pieces.push({ kind: 'photo', photo });
      if (m.caption) addText(m.caption);
    } else if (m.choices?.some((row) => row.length > 0)) {
      const { lead, cards } = layoutChoices(m.text, m.choices);
      if (lead) addText(lead);
      for (const card of cards) pieces.push({ kind: 'card', card });
    } else if (m.text.trim()) {
      addText(m.text);
    }
  }
  return pieces;
}

export interface ReplyPlan {
  /** Markdown for the streamed reply; empty when there is no text. */
  stream: string;
  images: ReplyMsgItem[];
  /** Sent together with the stream (a message takes one card). */
  card?: ChoiceCard;
  /** Everything that did not fit the reply, pushed afterwards in this order. */
  rest: Piece[];
}

/**
 * One reply per inbound message: all text in one stream, its photos attached to the final chunk
 * and the first card alongside. Overflow (text over the byte cap, more photos or cards) follows.
 */
export function planReply(pieces: Piece[]): ReplyPlan {
  const text = pieces.flatMap((p) => (p.kind === 'markdown' ? [p.text] : [])).join('\n\n');
  const [stream = '', ...overflow] = text ? splitUtf8(text, MARKDOWN_MAX_BYTES) : [];
  const photos = pieces.flatMap((p) => (p.kind === 'photo' ? [p] : []));
  const cards = pieces.flatMap((p) => (p.kind === 'card' ? [p] : []));
  const attached = stream ? photos.slice(0, MAX_STREAM_IMAGES) : [];
  const card = overflow.length === 0 ? cards.shift()?.card : undefined;
  return {
    stream,
    images: attached.map((p) => imageItem(p.photo)),
    card,
    rest: [...overflow.map((t): Piece => ({ kind: 'markdown', text: t })), ...photos.slice(attached.length), ...cards],
  };
}

export function buttonCard(card: ChoiceCard): TemplateCard {
  return {
    card_type: 'button_interaction',
    main_title: { title: card.title },
    button_list: card.buttons.map((b) => ({ text: b.label, key: b.value })),
    task_id: card.taskId,
  };
}

/** Replaces a clicked card with a plain notice of the choice, which leaves nothing to click. */
export function chosenCard(taskId: string, chosen: { title: string; label: string } | undefined): TemplateCard {
  return chosen
    ? { card_type: 'text_notice', main_title: { title: chosen.title }, sub_title_text: chosenLabel(chosen.label), task_id: taskId }
    : { card_type: 'text_notice', main_title: { title: '✅ 已选择' }, task_id: taskId };
}

function imageItem(photo: LoadedPhoto): ReplyMsgItem {
  const data = Buffer.from(photo.data);
  return { msgtype: 'image', image: { base64: data.toString('base64'), md5: createHash('md5').update(data).digest('hex') } };
}
