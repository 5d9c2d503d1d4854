import { describe, expect, it } from 'vitest';
import { loginErrorText } from '../../../bot/web/login-messages.js';
import { DomainError } from '../../../domain/index.js';
import { randomUUID } from 'node:crypto';
import { verifyLogin } from '../../../handlers/accounts.js';
import { hashSlotLoad } from '../../../handlers/hash-slots.js';
import { isBlank, MAX_INBOUND_TEXT } from '../../../handlers/inbound-text.js';
import { passwordProblem } from '../../../handlers/password-policy.js';
import { translator } from '../../../locales/index.js';
import { chatWith } from '../../support/handler-harness.js';

/** Bad passwords and bad chat text: what the person reads, and that nothing reaches a dialog. */
describe('new passwords', () => {
  it.each([
    ['short', 'Abc12345', 'short'],
    ['too long', 'x'.repeat(257), 'long'],
    ['a leaked favourite', 'password123', 'common'],
    ['a leaked favourite in capitals', 'PASSWORD123', 'common'],
    ['pinyin love numbers', 'woaini1314', 'common'],
    ['the county name', 'zezhou123456', 'common'],
    ['one repeated character', 'aaaaaaaaaaaa', 'common'],
    ['a run of digits', '0123456789', 'common'],
    ['a run backwards', '9876543210', 'common'],
    ['a run of letters', 'abcdefghijk', 'common'],
    ['the username inside', 'liwei-2026-secure', 'username'],
  ])('refuses %s', (_what, password, problem) => {
    expect(passwordProblem(password, 'liwei')).toBe(problem);
  });

  it.each(['泽州县应急局2026年安全', 'Correct-Horse-Battery-7', 'bluE moon over 3 hills'])('accepts %s', (password) => {
    expect(passwordProblem(password, 'liwei')).toBeUndefined();
  });

  it.each([
    ['common', '这个密码太常见'],
    ['username', '不能包含用户名'],
    ['unchanged', '不能与当前的一次性密码相同'],
    ['long', '最多256个字符'],
  ])('says why a %s password is refused, in Chinese', (problem, words) => {
    const e = new DomainError('INVALID_INPUT', 'x', { field: 'password', problem });
    expect(loginErrorText(e, translator('zh-CN'))).toEqual({ text: expect.stringContaining(words), status: 400 });
  });

  it('tells a locked login when to come back, and a busy one to retry shortly, in English too', () => {
    const en = translator('en');
    expect(loginErrorText(new DomainError('RATE_LIMITED', 'x', { minutes: 15 }), en)?.text).toBe('Too many login attempts. Try again in 15 minutes.');
    expect(loginErrorText(new DomainError('RATE_LIMITED', 'x', { busy: true }), en)?.status).toBe(429);
  });
});

describe('password checks under a flood', () => {
  it('runs at most two argon2 hashes at once and tells the excess to come back, instead of queueing CPU work', async () => {
    const { stores } = await chatWith();
    const deps = { identities: stores.identities, towns: stores.towns, newId: randomUUID, now: () => new Date() };
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, hashSlotLoad().running)), 1);
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => verifyLogin(deps, `guess${i}`, 'wrong-password')));
    clearInterval(watch);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as DomainError).code : 'ok'));
    expect(peak).toBeLessThanOrEqual(2);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0); // told to come back, not queued
    expect(codes.filter((c) => c === 'FORBIDDEN').length).toBeGreaterThanOrEqual(18); // 2 running + 16 waiting were checked
    expect(hashSlotLoad()).toEqual({ running: 0, waiting: 0 });
  });
});

describe('chat text that must not reach a dialog', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['a byte-order mark', '\uFEFF'],
    ['joiners', '\u200C\u200D\u2060'],
    ['ideographic spaces', '\u3000\u3000'],
    ['a soft hyphen and a newline', '\u00AD\n'],
    ['direction marks', '\u200E\u200F\u202A\u202C'],
    ['Hangul fillers', '\u3164\u115F'],
  ])('treats %s as empty: a clear answer, no draft started', async (_what, text) => {
    expect(isBlank(text)).toBe(true);
    const chat = await chatWith();
    const replies = await chat.say(text);
    expect(chat.textOf(replies)).toContain('这条消息是空的');
    expect(await chat.stores.dialogs.get('web:test-chat')).toBeNull();
  });

  it.each([
    ['1 MB of text', '危'.repeat(1024 * 1024)],
    ['one character over the limit', '险'.repeat(MAX_INBOUND_TEXT + 1)],
  ])('refuses %s early with the limit, and stores nothing', async (_what, text) => {
    const chat = await chatWith();
    const replies = await chat.say(text);
    expect(chat.textOf(replies)).toContain(`上限${MAX_INBOUND_TEXT}字`);
    expect(await chat.stores.dialogs.get('web:test-chat')).toBeNull();
    expect((await chat.stores.cases.list({}, { limit: 5 })).items).toHaveLength(0);
  });

  it('refuses a command whose arguments are megabytes long', async () => {
    const chat = await chatWith();
    await chat.send({ kind: 'command', command: 'tip', args: 'A'.repeat(2 * 1024 * 1024) });
    expect(chat.textOf()).toContain('消息太长');
  });

  it('still takes text with a zero-width character inside real words', async () => {
    expect(isBlank('铸造\u200B车间')).toBe(false);
    const chat = await chatWith();
    await chat.say('/report');
    expect(chat.textOf()).not.toContain('这条消息是空的');
  });
});
