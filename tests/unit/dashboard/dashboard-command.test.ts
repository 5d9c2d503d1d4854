import { describe, expect, it } from 'vitest';
import { dashboardLinkIssuer, hashLoginToken } from '../../../handlers/dashboard-link.js';
import { openSqliteDashboardStores } from '../../../stores/sqlite/dashboard-stores.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { chatWith } from '../../support/handler-harness.js';

async function setup(withLink = true) {
  const dash = openSqliteDashboardStores((await openSqliteStores({ file: ':memory:' })).db);
  const now = new Date('2026-06-01T02:00:00Z');
  const issue = dashboardLinkIssuer({ tokens: dash.loginTokens, dashboardUrl: 'https://aq.example/dashboard', now: () => now });
  const chat = await chatWith(withLink ? { dashboardLink: issue } : {});
  const bind = async (role: 'town_official' | 'worker', id = 'official-1') => {
    await chat.stores.identities.insert({ id, displayName: '张镇长', role, townId: role === 'worker' ? undefined : 'nancun', createdAt: now });
    await chat.stores.identities.bind('web:test-chat', id);
  };
  return { ...chat, dash, now, bind };
}

describe('/dashboard chat command', () => {
  it('gives a bound official a single-use link that expires after ten minutes', async () => {
    const s = await setup();
    await s.bind('town_official');
    const reply = s.textOf(await s.say('/dashboard'));
    expect(reply).toContain('10分钟内有效');
    const token = /https:\/\/aq\.example\/dashboard\/login\/([\w-]{43})$/m.exec(reply)?.[1];
    expect(token).toBeDefined();
    const hash = hashLoginToken(token!);
    expect(await s.dash.loginTokens.consume(hash, new Date(s.now.getTime() + 11 * 60_000))).toBeNull();
    expect(await s.dash.loginTokens.consume(hash, s.now)).toBe('official-1');
    expect(await s.dash.loginTokens.consume(hash, s.now)).toBeNull();
  });

  it('refuses workers and strangers, and group chats where others would see the link', async () => {
    const s = await setup();
    expect(s.textOf(await s.say('/dashboard'))).toContain('仅供应急管理人员使用');
    await s.bind('worker', 'worker-1');
    expect(s.textOf(await s.say('/dashboard'))).toContain('仅供应急管理人员使用');

    const official = await setup();
    await official.bind('town_official');
    await official.stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: ['web:test-chat'] });
    expect(official.textOf(await official.say('/dashboard'))).toContain('私聊');
  });

  it('says links are unavailable when no public address is configured', async () => {
    const s = await setup(false);
    await s.bind('town_official');
    expect(s.textOf(await s.say('/dashboard'))).toContain('PUBLIC_URL');
  });
});
