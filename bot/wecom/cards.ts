import { randomBytes } from 'node:crypto';
import type { Choice } from '../../domain/index.js';
import { truncate } from './text.js';

/** WeCom button_interaction cards take at most six buttons. */
export const MAX_BUTTONS = 6;
/** Suggested maximum of main_title.title; longer titles are cut by the client. */
const TITLE_CHARS = 26;

export interface ChoiceCard {
  taskId: string;
  title: string;
  buttons: Choice[];
}

/** A line that asks something (请选择：, 是否紧急？): the card is titled by it. */
const PROMPT_END = /[：:？?]$/;

/**
 * Lays out a question with choices: a short one-line question becomes the card title alone; a
 * longer one is shown in full above the cards, titled by its last line when that asks something,
 * else by its first line (a heading such as 案件 ZZ-2026-000001（已上报）, not a history entry).
 * Buttons beyond six spill into further cards with the same title.
 */
export function layoutChoices(text: string, choices: Choice[][]): { lead?: string; cards: ChoiceCard[] } {
  const question = text.trim();
  const lines = question.split('\n').map((l) => l.trim()).filter(Boolean);
  const lastLine = lines.at(-1) ?? '';
  const heading = PROMPT_END.test(lastLine) ? lastLine : (lines[0] ?? '');
  const fits = question.length > 0 && !question.includes('\n') && [...question].length <= TITLE_CHARS;
  const title = truncate(heading, TITLE_CHARS) || '请选择';
  const buttons = choices.flat();
  const cards: ChoiceCard[] = [];
  for (let i = 0; i < buttons.length; i += MAX_BUTTONS) {
    cards.push({ taskId: newTaskId(), title, buttons: buttons.slice(i, i + MAX_BUTTONS) });
  }
  return { lead: fits ? undefined : question || undefined, cards };
}

/** How a pressed button is shown afterwards; labels that already carry the mark keep just one. */
export function chosenLabel(label: string): string {
  return label.startsWith('✅') ? label : `✅ ${label}`;
}

/** task_id: unique per bot, only letters, digits and `_-@`, ≤ 128 bytes. */
function newTaskId(): string {
  return `c_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
}

/**
 * Remembers recent cards so a click can be echoed with its label. Memory only: after a restart the
 * click still reaches the handler, the card just shows a generic confirmation.
 */
export class CardMemory {
  private readonly cards = new Map<string, ChoiceCard>();

  constructor(private readonly maxCards = 2000) {}

  remember(card: ChoiceCard): void {
    this.cards.set(card.taskId, card);
    if (this.cards.size > this.maxCards) this.cards.delete(this.cards.keys().next().value!);
  }

  lookup(taskId: string | undefined, value: string): { title: string; label: string } | undefined {
    const card = taskId === undefined ? undefined : this.cards.get(taskId);
    const choice = card?.buttons.find((b) => b.value === value);
    return card && choice ? { title: card.title, label: choice.label } : undefined;
  }
}
