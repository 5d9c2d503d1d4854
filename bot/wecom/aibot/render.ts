import type { TemplateCard } from '@wecom/aibot-node-sdk';
import type { Outbound } from '../../../domain/index.js';
import { chosenLabel, layoutChoices, type ChoiceCard } from '../cards.js';
import type { LoadedPhoto } from '../media.js';
import { splitUtf8 } from '../text.js';

/** Stream content and proactive markdown are capped at 20480 UTF-8 bytes. */
export const MARKDOWN_MAX_BYTES = 20480;

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
  /** Pushed after the reply: [长连接] the long connection takes no msg_item in a stream. */
  photos: Piece[];
  /** The reply's card: sent as the reply when there is no text, else pushed after the stream ([长连接]: no stream + card). */
  card?: ChoiceCard;
  /** Everything else, pushed afterwards in this order. */
  rest: Piece[];
}

/**
 * One reply per inbound message: all text in one stream, then its photos, the first card and any
 * overflow (text over the byte cap, further cards) as separate messages.
 */
export function planReply(pieces: Piece[]): ReplyPlan {
  const text = pieces.flatMap((p) => (p.kind === 'markdown' ? [p.text] : [])).join('\n\n');
  const [stream = '', ...overflow] = text ? splitUtf8(text, MARKDOWN_MAX_BYTES) : [];
  const photos = pieces.flatMap((p) => (p.kind === 'photo' ? [p] : []));
  const cards = pieces.flatMap((p) => (p.kind === 'card' ? [p] : []));
  const card = overflow.length === 0 ? cards.shift()?.card : undefined;
  return {
    stream,
    photos,
    card,
    rest: [...overflow.map((t): Piece => ({ kind: 'markdown', text: t })), ...cards],
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

/** The key of the one button a chosen card keeps; clicks on it are ignored. */
export const CHOSEN_KEY = 'chosen';

/**
 * Replaces a clicked card so it shows the choice. [卡片] a text_notice must carry card_action (type 1
 * with a url): with a link (the dashboard) the card becomes such a notice; without one it stays a
 * button_interaction card (same task_id) whose single button shows the choice.
 */
export function chosenCard(taskId: string, chosen: { title: string; label: string } | undefined, link?: string): TemplateCard {
  const title = chosen?.title ?? '已选择';
  const label = chosenLabel(chosen?.label ?? '已选择');
  if (link) {
    return { card_type: 'text_notice', main_title: { title }, sub_title_text: label, card_action: { type: 1, url: link }, task_id: taskId };
  }
  return { card_type: 'button_interaction', main_title: { title }, button_list: [{ text: label, key: CHOSEN_KEY, style: 2 }], task_id: taskId };
}
