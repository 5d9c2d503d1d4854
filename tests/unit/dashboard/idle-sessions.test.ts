import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSessionRepo } from '../../../domain/dashboard.js';
import { DASHBOARD_IDLE_MS, idleSpan, IdleSessions } from '../../../dashboard/auth/idle.js';
import { openTestDashboardStores } from '../../support/dashboard-stores.js';
import { serviceUrl } from '../../support/requires.js';

const MIN = 60_000;
const mongoUri = serviceUrl('MONGODB_URI');

function clock(start = new Date('2026-06-01T01:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

describe.each(['sqlite', 'mongo'] as const)('dashboard idle sessions on %s', (kind) => {
  let repo: DashboardSessionRepo;
  let close: () => Promise<void> = async () => {};
  const skip = kind === 'mongo' && !mongoUri;
  beforeAll(async () => {
    if (skip) return;
    const opened = await openTestDashboardStores(kind, mongoUri);
    repo = opened.stores.sessions;
    close = opened.close;
  });
  afterAll(() => close());

  it.skipIf(skip)('keeps a session that is used at least every two hours, however long the working day', async () => {
    const c = clock();
    const s = new IdleSessions(repo, c);
    await s.start('web:a');
    for (let i = 0; i < 6; i++) {
      c.advance(DASHBOARD_IDLE_MS - MIN);
      expect(await s.touch('web:a')).toBe('active');
    }
  });

  it.skipIf(skip)('ends a session after two hours without a request: idle once, then unknown until the next login', async () => {
    const c = clock();
    const s = new IdleSessions(repo, c);
    await s.start('web:b');
    c.advance(DASHBOARD_IDLE_MS);
    expect(await s.touch('web:b')).toBe('idle');
    expect(await s.touch('web:b')).toBe('unknown');
    await s.start('web:b');
    expect(await s.touch('web:b')).toBe('active');
  });

  it.skipIf(skip)('knows nothing of chats that never logged in to the dashboard, or that logged out', async () => {
    const s = new IdleSessions(repo, clock());
    expect(await s.touch('web:never')).toBe('unknown');
    await s.start('web:c');
    await s.end('web:c');
    expect(await s.touch('web:c')).toBe('unknown');
  });

  it.skipIf(skip)('forgets long-idle sessions at the next login, and takes its limit from the caller', async () => {
    const c = clock(new Date('2026-07-01T01:00:00Z'));
    const s = new IdleSessions(repo, c, 30 * MIN);
    await s.start('web:old');
    c.advance(31 * MIN);
    await s.start('web:new');
    expect(await s.touch('web:old')).toBe('unknown');
    expect(await s.touch('web:new')).toBe('active');
  });

  it.skipIf(skip)('a session started on one replica is active on another and after a restart; the idle clock is shared', async () => {
    const c = clock(new Date('2026-08-01T01:00:00Z'));
    await new IdleSessions(repo, c).start('web:d');
    c.advance(90 * MIN);
    expect(await new IdleSessions(repo, c).touch('web:d')).toBe('active');
    c.advance(90 * MIN);
    expect(await new IdleSessions(repo, c).touch('web:d')).toBe('active');
    c.advance(DASHBOARD_IDLE_MS);
    expect(await new IdleSessions(repo, c).touch('web:d')).toBe('idle');
  });

  it.skipIf(skip)('keeps the first deployment secret: every replica gets the same one', async () => {
    const got = await Promise.all(['k1', 'k2', 'k3'].map((fresh) => repo.secret('csrf-test', fresh)));
    expect(new Set(got).size).toBe(1);
    expect(await repo.secret('csrf-test', 'k4')).toBe(got[0]);
  });
});

describe('idle limit wording', () => {
  it('names the limit the way the login page says it', () => {
    expect(idleSpan(DASHBOARD_IDLE_MS)).toBe('2小时');
    expect(idleSpan(90 * MIN)).toBe('90分钟');
  });
});
