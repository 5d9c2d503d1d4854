import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, DashboardStores } from '../../../domain/dashboard.js';
import { openTestDashboardStores } from '../../support/dashboard-stores.js';
import { serviceUrl } from '../../support/requires.js';

const mongoUri = serviceUrl('MONGODB_URI');

/** One suite for both adapters of the dashboard's ports. */
describe.each(['sqlite', 'mongo'] as const)('dashboard stores on %s', (kind) => {
  let s: DashboardStores;
  let close: () => Promise<void> = async () => {};
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    const opened = await openTestDashboardStores(kind, mongoUri);
    s = opened.stores;
    close = opened.close;
  });
  afterAll(() => close());

  it.skipIf(skip)('a login token is redeemed once, never after expiry, even by concurrent callers', async () => {
    const now = new Date('2026-06-01T08:00:00Z');
    await s.loginTokens.put({ hash: 'h1', identityId: 'id-1', expiresAt: new Date(now.getTime() + 600_000) });
    await s.loginTokens.put({ hash: 'h2', identityId: 'id-2', expiresAt: new Date(now.getTime() + 600_000) });
    const results = await Promise.all([1, 2, 3, 4].map(() => s.loginTokens.consume('h1', now)));
    expect(results.filter((r) => r === 'id-1')).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(3);
    expect(await s.loginTokens.consume('h2', new Date(now.getTime() + 600_000))).toBeNull();
    expect(await s.loginTokens.consume('unknown', now)).toBeNull();
  });

  it.skipIf(skip)('the audit log lists newest first, filtered and paged', async () => {
    const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
      id: `a${i}`, at: new Date(Date.UTC(2026, 5, 1, 8, i)), actorId: i % 2 ? 'odd' : 'even', actorName: '张三',
      actorRole: 'town_official', action: 'case.approve', target: `case:ZZ-2026-00000${i}`, address: '10.0.0.1', ...over,
    });
    for (let i = 1; i <= 5; i++) await s.audit.append(entry(i));
    const first = await s.audit.list({}, { limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual(['a5', 'a4']);
    const second = await s.audit.list({}, { limit: 2, after: first.next });
    expect(second.items.map((e) => e.id)).toEqual(['a3', 'a2']);
    expect(second.items[0]).toEqual(entry(3));
    expect((await s.audit.list({ actorId: 'odd' }, { limit: 10 })).items.map((e) => e.id)).toEqual(['a5', 'a3', 'a1']);
    expect((await s.audit.list({ target: 'case:ZZ-2026-000002' }, { limit: 10 })).items.map((e) => e.id)).toEqual(['a2']);
  });

  it.skipIf(skip)('the rating history of an enterprise comes back oldest first', async () => {
    const base = { actorId: 'x', actorName: '李四', supervisionLevel: 'town' as const };
    await s.ratings.append({ ...base, id: 'r2', enterpriseId: 'e1', at: new Date('2026-06-02'), riskLevel: 'A', via: 'edit', note: '发现重大隐患' });
    await s.ratings.append({ ...base, id: 'r1', enterpriseId: 'e1', at: new Date('2026-06-01'), riskLevel: 'C', via: 'import' });
    await s.ratings.append({ ...base, id: 'r3', enterpriseId: 'e2', at: new Date('2026-06-01'), riskLevel: 'D', via: 'create' });
    const list = await s.ratings.list('e1');
    expect(list.map((r) => [r.id, r.riskLevel])).toEqual([['r1', 'C'], ['r2', 'A']]);
    expect(list[1]).toMatchObject({ note: '发现重大隐患', at: new Date('2026-06-02') });
  });
});
