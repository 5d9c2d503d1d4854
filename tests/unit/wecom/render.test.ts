import { describe, expect, it } from 'vitest';
import { planReply, toPieces, type Piece } from '../../../bot/wecom/aibot/render.js';
import { layoutChoices } from '../../../bot/wecom/cards.js';
import { splitUtf8, textInbound } from '../../../bot/wecom/text.js';
import { channelCapabilities } from '../../../bot/wecom/index.js';

const choice = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `选项${i + 1}`, value: `v${i + 1}` }));
const photo = (): Piece => ({ kind: 'photo', photo: { data: new Uint8Array([1]), mime: 'image/jpeg', fileName: 'p.jpg' } });

describe('splitUtf8', () => {
  it('keeps every piece within the byte limit, never splitting a character', () => {
    const text = '隐患😀排查'.repeat(500);
    const pieces = splitUtf8(text, 100);
    expect(pieces.every((p) => Buffer.byteLength(p) <= 100)).toBe(true);
    expect(pieces.join('')).toBe(text);
    expect(pieces.join('')).not.toContain('\ufffd');
  });

  it('prefers line breaks', () => {
    expect(splitUtf8('第一行内容\n第二行内容', 20)).toEqual(['第一行内容', '第二行内容']);
  });
});

describe('layoutChoices', () => {
  it('puts a short question on the card alone', () => {
    const { lead, cards } = layoutChoices('是否紧急？', [choice(2)]);
    expect(lead).toBeUndefined();
    expect(cards).toHaveLength(1);
    expect(cards[0]!.title).toBe('是否紧急？');
    expect(cards[0]!.taskId).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
  });

  it('spreads more than six options over several cards without losing any', () => {
    const { cards } = layoutChoices('请选择隐患类别', [choice(4), choice(4).map((c) => ({ ...c, value: `w${c.value}` }))]);
    expect(cards.map((c) => c.buttons.length)).toEqual([6, 2]);
    expect(new Set(cards.map((c) => c.taskId)).size).toBe(2);
  });
});

describe('planReply', () => {
  it('never attaches photos to the stream (the long connection takes no msg_item): all follow as pushes', () => {
    const plan = planReply([{ kind: 'markdown', text: '照片如下' }, ...Array.from({ length: 12 }, photo)]);
    expect(plan.stream).toBe('照片如下');
    expect(plan.photos).toHaveLength(12);
    expect(plan.rest).toEqual([]);
  });

  it('sends a second card after the first', async () => {
    const pieces = await toPieces([{ kind: 'text', text: '选一个', choices: [choice(8)] }], async () => undefined);
    const plan = planReply(pieces);
    expect(plan.stream).toBe('');
    expect(plan.card?.buttons).toHaveLength(6);
    expect(plan.rest.map((p) => p.kind)).toEqual(['card']);
  });

  it('keeps the caption of a photo that could not be loaded', async () => {
    const pieces = await toPieces([{ kind: 'photo', mediaId: 'missing', caption: '整改前' }], async () => undefined);
    expect(planReply(pieces)).toMatchObject({ stream: '整改前', photos: [], rest: [] });
  });
});

describe('textInbound', () => {
  it('reads text and commands', () => {
    expect(textInbound('wecom:u', '  路灯坏了 ')).toEqual({ chat: 'wecom:u', kind: 'text', text: '路灯坏了' });
    expect(textInbound('wecom:u', '/Start')).toEqual({ chat: 'wecom:u', kind: 'command', command: 'start', args: '' });
  });
});

describe('channelCapabilities', () => {
  it('never promises anonymity on WeCom', () => {
    expect(channelCapabilities('wecom')).toEqual({ anonymousTips: false });
  });
});
