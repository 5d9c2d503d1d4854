import { describe, expect, it } from 'vitest';
import { splitForChannel } from '../../../knowledge/index.js';

describe('splitForChannel', () => {
  it('keeps short text whole', () => {
    expect(splitForChannel('第一条　有限空间作业应当先通风。', 100)).toEqual(['第一条　有限空间作业应当先通风。']);
  });

  it('breaks at paragraph and sentence ends, never exceeding the limit', () => {
    const text = `${'甲'.repeat(30)}。${'乙'.repeat(30)}。\n${'丙'.repeat(40)}；${'丁'.repeat(20)}`;
    const parts = splitForChannel(text, 50);
    expect(parts.every((p) => [...p].length <= 50)).toBe(true);
    expect(parts[0]).toBe(`${'甲'.repeat(30)}。`);
    expect(parts.join('')).toBe(text.replace('\n', ''));
  });

  it('cuts a sentence with no break in it and never splits a surrogate pair', () => {
    const parts = splitForChannel('😀'.repeat(25), 10);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => /^(😀)+$/u.test(p) && [...p].length <= 10)).toBe(true);
  });

  it('rejects a non-positive limit', () => {
    expect(() => splitForChannel('x', 0)).toThrow(RangeError);
  });
});
