import { describe, expect, it } from 'vitest';
import { DASHBOARD_IDLE_MS, idleSpan, IdleSessions } from '../../../dashboard/auth/idle.js';

const MIN = 60_000;

function clock(start = new Date('2026-06-01T01:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

describe('dashboard idle sessions', () => {
  it('keeps a session that is used at least every two hours, however long the working day', () => {
    const c = clock();
    const s = new IdleSessions(c);
    s.start('web:a');
    for (let i = 0; i < 6; i++) {
      c.advance(DASHBOARD_IDLE_MS - MIN);
      expect(s.touch('web:a')).toBe('active');
    }
  });

  it('ends a session after two hours without a request: idle once, then unknown until the next login', () => {
    const c = clock();
    const s = new IdleSessions(c);
    s.start('web:a');
    c.advance(DASHBOARD_IDLE_MS);
    expect(s.touch('web:a')).toBe('idle');
    expect(s.touch('web:a')).toBe('unknown');
    s.start('web:a');
    expect(s.touch('web:a')).toBe('active');
  });

  it('knows nothing of chats that never logged in to the dashboard, or that logged out', () => {
    const s = new IdleSessions(clock());
    expect(s.touch('web:never')).toBe('unknown');
    s.start('web:b');
    s.end('web:b');
    expect(s.touch('web:b')).toBe('unknown');
  });

  it('forgets long-idle sessions at the next login, and takes its limit from the caller', () => {
    const c = clock();
    const s = new IdleSessions(c, 30 * MIN);
    s.start('web:old');
    c.advance(31 * MIN);
    s.start('web:new');
    expect(s.touch('web:old')).toBe('unknown');
    expect(s.touch('web:new')).toBe('active');
  });

  it('names the limit the way the login page says it', () => {
    expect(idleSpan(DASHBOARD_IDLE_MS)).toBe('2小时');
    expect(idleSpan(90 * MIN)).toBe('90分钟');
  });
});
