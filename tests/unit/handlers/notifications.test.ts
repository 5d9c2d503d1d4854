import { describe, expect, it } from 'vitest';
import { ChatRouter } from '../../../app/chat-router.js';
import { MemoryInbox } from '../../../bot/web/inbox.js';
import { newCase, type Identity } from '../../../domain/index.js';
import { flushNotifications, notifyNewCase, notifyPeople } from '../../../handlers/notify.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { sqliteNotificationRepo } from '../../../stores/sqlite/notifications.js';
import { handlerDeps } from '../../support/handler-harness.js';

/** 2026-06-01 23:30 Asia/Shanghai. */
const lateNight = new Date('2026-06-01T15:30:00Z');

async function world(now: Date) {
  const stores = await openSqliteStores({ file: ':memory:' });
  await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [] });
  const inbox = new MemoryInbox();
  const chat = new ChatRouter().register(['web', 'tg', 'wecom'], inbox);
  const flushes: Array<{ id: string; at: Date }> = [];
  let clock = now;
  const deps = handlerDeps(stores, {
    chat,
    clock: { now: () => clock },
    notifications: sqliteNotificationRepo(stores.db),
    scheduleNotificationFlush: async (id, at) => void flushes.push({ id, at }),
  });
  const person = async (id: string, over: Partial<Identity>, chats: string[]) => {
    const p: Identity = { id, displayName: id, role: 'town_official', townId: 'bagong', createdAt: now, ...over };
    await stores.identities.insert(p);
    for (const c of chats) await stores.identities.bind(c, id);
    return p;
  };
  // Like the page: each poll acknowledges what the previous one showed.
  const cursors = new Map<string, number>();
  const read = async (c: string) => {
    const batch = await inbox.take(c, cursors.get(c) ?? 0);
    cursors.set(c, batch.cursor);
    return batch.messages.map((m) => (m.kind === 'text' ? m.text : '')).join('\n');
  };
  return { stores, deps, person, read, flushes, setNow: (d: Date) => (clock = d) };
}

const report = (over: Partial<Parameters<typeof newCase>[0]> = {}) =>
  newCase({ id: 'k1', number: 'ZZ-2026-000001', source: 'worker_report', description: '平台护栏缺失', photos: [], townId: 'bagong', ...over }, { id: 'w', role: 'worker' }, lateNight);

describe('personal notifications', () => {
  it('reach every chat an official is bound to (web chat, Telegram, WeCom) and their inbox, once per event', async () => {
    const w = await world(new Date('2026-06-01T02:00:00Z'));
    await w.person('wang', {}, ['web:s1', 'tg:1001', 'wecom:wang']);
    const c = { ...report(), status: 'registered' as const };
    await notifyNewCase(w.deps, c);
    await notifyNewCase(w.deps, c); // a retried event
    for (const chat of ['web:s1', 'tg:1001', 'wecom:wang']) expect(await w.read(chat)).toBe('🆕 新隐患 ZZ-2026-000001（巴公镇）已自动登记：平台护栏缺失');
    expect(await w.deps.notifications!.unreadCount('wang')).toBe(1);
  });

  it('sends unassigned work to the county duty officials, tips included, never to a town', async () => {
    const w = await world(new Date('2026-06-01T02:00:00Z'));
    await w.person('wang', {}, ['web:s1']);
    await w.person('li', { role: 'county_official', townId: undefined }, ['web:s2']);
    await notifyNewCase(w.deps, report({ townId: undefined }));
    expect(await w.read('web:s2')).toContain('未能自动派单，请县局值班人员指派');
    expect(await w.read('web:s1')).toBe('');
    await notifyNewCase(w.deps, report({ id: 'k2', number: 'ZZ-2026-000002', source: 'anonymous_tip', townId: undefined }));
    expect(await w.read('web:s2')).toContain('🆕 新匿名举报 ZZ-2026-000002');
  });

  it('holds a push during the person’s quiet hours and sends it when they end; urgent ones go at once', async () => {
    const w = await world(lateNight);
    await w.person('wang', { notify: { quietHours: { from: 22 * 60, to: 7 * 60 } } }, ['tg:1001']);
    const people = [(await w.stores.identities.get('wang'))!];
    await notifyPeople(w.deps, people, { kind: 'new_case', eventKey: 'e1', text: () => '普通提醒' });
    expect(await w.read('tg:1001')).toBe('');
    expect(w.flushes).toEqual([{ id: 'wang', at: new Date('2026-06-01T23:00:00Z') }]); // 07:00 Shanghai
    await notifyPeople(w.deps, people, { kind: 'escalation', eventKey: 'e2', urgent: true, text: () => '🔺 紧急' });
    expect(await w.read('tg:1001')).toBe('🔺 紧急');
    // Still quiet: nothing goes; at 07:00 the held one does, once.
    expect(await flushNotifications(w.deps, 'wang', 'quiet')).toBe(0);
    w.setNow(new Date('2026-06-01T23:00:00Z'));
    expect(await flushNotifications(w.deps, 'wang', 'quiet')).toBe(1);
    expect(await flushNotifications(w.deps, 'wang', 'quiet')).toBe(0);
    expect(await w.read('tg:1001')).toBe('普通提醒');
  });

  it('keeps items for the daily digest and sends them as one message', async () => {
    const w = await world(new Date('2026-06-01T02:00:00Z'));
    await w.person('wang', { notify: { digest: true } }, ['web:s1']);
    const people = [(await w.stores.identities.get('wang'))!];
    await notifyPeople(w.deps, people, { kind: 'new_case', eventKey: 'a', text: () => '新隐患 A' });
    await notifyPeople(w.deps, people, { kind: 'extension', eventKey: 'b', text: () => '延期申请 B' });
    expect(await w.read('web:s1')).toBe('');
    expect(await flushNotifications(w.deps, 'wang', 'digest')).toBe(2);
    expect(await w.read('web:s1')).toBe('📬 今日待办汇总（2条）：\n· 新隐患 A\n· 延期申请 B');
  });
});
