import { afterEach, describe, expect, it } from 'vitest';
import { ChatRouter } from '../../../app/chat-router.js';
import { MemoryInbox } from '../../../bot/web/inbox.js';
import { applyCommand, newCase, type Actor, type CaseStatus, type Identity } from '../../../domain/index.js';
import { takeLoopStep } from '../../../handlers/experts/service.js';
import { remindLoops, startExpertLoopReminders } from '../../../jobs/expert-loop-reminders.js';
import { createEmbeddedScheduler } from '../../../jobs/scheduler/embedded.js';
import { atShanghai } from '../../../jobs/time.js';
import { sqliteExpertLoopRepo } from '../../../stores/sqlite/expert-loops.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';
import { sqliteNotificationRepo } from '../../../stores/sqlite/notifications.js';
import { ManualClock } from '../../fixtures/jobs/manual-clock.js';
import { handlerDeps } from '../../support/handler-harness.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const close: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of close.splice(0)) await c();
});

/** Two key enterprises of 南村镇 served by one expert, on real stores and the embedded scheduler. */
async function world(start: Date) {
  const stores = await openSqliteStores({ file: ':memory:' });
  close.push(() => stores.close());
  await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
  await stores.enterprises.insert(jintaiFoundry());
  await stores.enterprises.insert(jintaiFoundry({ id: 'ent-2', name: '泽州县恒达铸造有限公司', aliases: [], creditCode: '91140525MA0K7T8X1B' }));
  const clock = new ManualClock(start);
  const inbox = new MemoryInbox();
  const notifications = sqliteNotificationRepo(stores.db);
  const deps = handlerDeps(stores, { chat: new ChatRouter().register(['web'], inbox), clock, notifications, expertLoops: sqliteExpertLoopRepo(stores.db) });
  const person = async (p: Identity, chat: string) => {
    await stores.identities.insert(p);
    await stores.identities.bind(chat, p.id);
  };
  await person({ id: 'zhao', displayName: '赵工', role: 'expert', enterpriseIds: ['ent-1', 'ent-2'], createdAt: start }, 'web:zhao');
  await person({ id: 'wang', displayName: '王主任', role: 'town_official', townId: 'nancun', createdAt: start }, 'web:wang');
  await person({ id: 'li', displayName: '李局', role: 'county_official', createdAt: start }, 'web:li');
  const expert: Actor = { id: 'zhao', role: 'expert', name: '赵工', enterpriseIds: ['ent-1', 'ent-2'] };
  const finding = async (n: number, enterpriseId: string, status: CaseStatus) => {
    const now = clock.now();
    let c = newCase({ id: `f${n}`, number: `ZZ-2026-00000${n}`, source: 'expert_service', description: '煤气区域问题隐患', photos: [], enterpriseId }, expert, now);
    c = applyCommand(c, { action: 'register', townId: 'nancun', enterpriseId }, { id: 'wang', role: 'town_official', townId: 'nancun' }, now);
    await stores.cases.insert({ ...c, status });
  };
  const texts = async (id: string) => (await notifications.list(id, { limit: 50 })).items.map((n) => n.text);
  return { deps, clock, expert, finding, texts, jobStores: createSqliteJobStores(stores.db) };
}

describe('专家服务 loop reminders', () => {
  it('remind the loops not completed 3 days before the date and the county the day after, and name the findings still open for the 回头看', async () => {
    const w = await world(atShanghai('2026-09-01', 10));
    // ent-1: visited, its one finding closed, 复核 and 提升 done. ent-2: visited, one finding still open.
    await w.finding(1, 'ent-1', 'closed');
    await w.finding(2, 'ent-2', 'rectifying');
    for (const [step, text] of [['visit', '帮扶'], ['review', '复核'], ['improve', '提升']] as const) await takeLoopStep(w.deps, w.expert, 'ent-1', step, text);
    await takeLoopStep(w.deps, w.expert, 'ent-2', 'visit', '帮扶');

    w.clock.set(atShanghai('2026-10-28', 9));
    expect(await remindLoops(w.deps, 2026, 't-3')).toBe(1);
    const reminder = '⏰ 专家服务提醒：泽州县恒达铸造有限公司的“帮扶—整改—复核—提升”闭环当前为“整改”阶段，须于2026-10-31前完成（还有3天）。';
    expect((await w.texts('zhao')).filter((t) => t.startsWith('⏰'))).toEqual([reminder]);
    expect((await w.texts('wang')).filter((t) => t.startsWith('⏰'))).toEqual([reminder]);
    expect(await w.texts('li')).toEqual([]);
    // The same rung again reaches nobody twice.
    await remindLoops(w.deps, 2026, 't-3');
    expect((await w.texts('zhao')).filter((t) => t.startsWith('⏰'))).toHaveLength(1);

    w.clock.set(atShanghai('2026-11-01', 9));
    await remindLoops(w.deps, 2026, 'late');
    expect(await w.texts('li')).toEqual(['⚠️ 专家服务逾期：泽州县恒达铸造有限公司的闭环未在2026-10-31前完成，当前为“整改”阶段。']);

    w.clock.set(atShanghai('2026-12-24', 9));
    expect(await remindLoops(w.deps, 2026, 'revisit-7')).toBe(1);
    expect((await w.texts('zhao'))[0]).toBe('🔁 整改“回头看”：泽州县恒达铸造有限公司专家服务发现的问题隐患尚有1条未销号（ZZ-2026-000002），须于2026-12-31前完成整改“回头看”。');
  });

  it('are planned at 09:00 on the notice’s dates, and a rung run on another day (the service was down) sends nothing', async () => {
    const w = await world(atShanghai('2026-10-20', 10));
    await takeLoopStep(w.deps, w.expert, 'ent-1', 'visit', '帮扶');
    const scheduler = createEmbeddedScheduler({ items: w.jobStores.scheduledItems, clock: w.clock });
    await startExpertLoopReminders(scheduler, w.deps, 9);
    expect(await scheduler.nextRun('expert-loop:2026:t-14')).toBeNull(); // 17 October: already past
    expect(await scheduler.nextRun('expert-loop:2026:t-3')).toEqual(atShanghai('2026-10-28', 9));
    expect(await scheduler.nextRun('expert-loop:2026:late')).toEqual(atShanghai('2026-11-01', 9));
    expect(await scheduler.nextRun('expert-loop:2026:revisit-7')).toEqual(atShanghai('2026-12-24', 9));
    // Down from 27 October to 29 October: the 28 October rung runs late and is dropped; the due-day one goes.
    w.clock.set(atShanghai('2026-10-29', 10));
    await scheduler.runDue();
    expect(await w.texts('zhao')).toEqual([]);
    w.clock.set(atShanghai('2026-10-31', 9));
    await scheduler.runDue();
    expect((await w.texts('zhao')).sort()).toEqual([
      '⏰ 专家服务提醒：泽州县恒达铸造有限公司的“帮扶—整改—复核—提升”闭环当前为“帮扶”阶段，今天（2026-10-31）到期。',
      '⏰ 专家服务提醒：泽州县金泰铸造有限公司的“帮扶—整改—复核—提升”闭环当前为“复核”阶段，今天（2026-10-31）到期。',
    ]);
  });
});
