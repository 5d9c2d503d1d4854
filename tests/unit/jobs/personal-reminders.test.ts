import { afterEach, describe, expect, it } from 'vitest';
import { personalReminders } from '../../../app/personal-reminders.js';
import { applyCommand, newCase, type Actor, type Identity } from '../../../domain/index.js';
import { defaultJobsConfig } from '../../../jobs/config.js';
import { createDeadlineService } from '../../../jobs/deadline-service.js';
import { parseTaskPlan } from '../../../jobs/plan/task-plan.js';
import { createEmbeddedScheduler } from '../../../jobs/scheduler/embedded.js';
import { atShanghai } from '../../../jobs/time.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';
import { sqliteNotificationRepo } from '../../../stores/sqlite/notifications.js';
import { ManualClock, RecordingChat, silentLogger } from '../../fixtures/jobs/manual-clock.js';
import { handlerDeps } from '../../support/handler-harness.js';

const town: Actor = { id: 'wang', role: 'town_official', townId: 'bagong' };
const assessor: Actor = { id: 'zhao', role: 'town_official', townId: 'bagong' };
const close: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of close.splice(0)) await c();
});

/** The deadline service on real stores, with the personal reminders wired as app/officials-work.ts does. */
async function world(start: Date) {
  const stores = await openSqliteStores({ file: ':memory:' });
  close.push(() => stores.close());
  await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: ['tg:-100bagong'] });
  await stores.towns.upsert({ id: 'gaodu', name: '高都镇', groupChats: ['tg:-100gaodu'] });
  const clock = new ManualClock(start);
  const chat = new RecordingChat();
  const notifications = sqliteNotificationRepo(stores.db);
  const deps = handlerDeps(stores, { chat, clock, notifications });
  const jobStores = createSqliteJobStores(stores.db);
  const scheduler = createEmbeddedScheduler({ items: jobStores.scheduledItems, clock, backoffMs: 60_000, attempts: 5 });
  const service = createDeadlineService({
    scheduler, cases: stores.cases, towns: stores.towns, identities: stores.identities, deliveries: jobStores.deliveries,
    tasks: jobStores.tasks, chat, clock, config: { ...defaultJobsConfig(), countyChats: [] }, logger: silentLogger,
  });
  Object.assign(service.hooks, personalReminders(deps));
  const person = async (over: Partial<Identity> & Pick<Identity, 'id' | 'role'>, chats: string[]) => {
    await stores.identities.insert({ displayName: over.id, createdAt: start, ...over });
    for (const c of chats) await stores.identities.bind(c, over.id);
  };
  const runUntil = async (at: Date) => {
    while (clock.now().getTime() < at.getTime()) {
      clock.set(new Date(Math.min(at.getTime(), clock.now().getTime() + 3_600_000)));
      await scheduler.runDue();
    }
  };
  const inbox = async (id: string) => (await notifications.list(id, { limit: 50 })).items.map((n) => [n.kind, n.text]);
  return { stores, chat, service, person, runUntil, inbox, clock };
}

describe('deadline and task reminders reach the responsible people personally', () => {
  it('a case’s T−3 reminder goes to its assignee’s inbox and every chat of theirs, and to the enterprise; the group keeps its copy', async () => {
    const w = await world(atShanghai('2026-06-01', 10));
    await w.person({ id: 'wang', role: 'town_official', townId: 'bagong' }, ['web:wang', 'tg:1001', 'wecom:wang']);
    await w.person({ id: 'li', role: 'town_official', townId: 'bagong' }, ['web:li']);
    await w.person({ id: 'boss', role: 'enterprise', townId: 'bagong', enterpriseId: 'ent-fs' }, ['web:boss']);
    const now = w.clock.now();
    let c = newCase({ id: 'k1', number: 'ZZ-2026-000001', source: 'worker_report', description: '平台护栏缺失', photos: [], enterpriseName: '山西福盛钢铁有限公司' }, { id: 'w1', role: 'worker' }, now);
    c = applyCommand(c, { action: 'register', townId: 'bagong', enterpriseId: 'ent-fs' }, town, now);
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: atShanghai('2026-06-10', 18), assigneeId: 'wang' }, assessor, now);
    await w.stores.cases.insert(c);
    await w.service.onCaseChanged(c);

    await w.runUntil(atShanghai('2026-06-07', 10));
    const expected = expect.stringContaining('⏰ 隐患整改提醒：ZZ-2026-000001');
    for (const chat of ['web:wang', 'tg:1001', 'wecom:wang', 'web:boss', 'tg:-100bagong']) expect(w.chat.to(chat), chat).toEqual([expected]);
    expect(await w.inbox('wang')).toEqual([['deadline', expected]]);
    expect(await w.inbox('boss')).toEqual([['deadline', expected]]);
    // Someone else's case is not theirs: the other official of the town is not reminded of it.
    expect(w.chat.to('web:li')).toEqual([]);
    // Running again sends nothing twice.
    await w.runUntil(atShanghai('2026-06-07', 12));
    expect(w.chat.to('web:wang')).toHaveLength(1);
  });

  it('an unassigned case reminds its town’s officials; a tip’s never reaches the enterprise', async () => {
    const w = await world(atShanghai('2026-06-01', 10));
    await w.person({ id: 'wang', role: 'town_official', townId: 'bagong' }, ['web:wang']);
    await w.person({ id: 'boss', role: 'enterprise', townId: 'bagong', enterpriseId: 'ent-fs' }, ['web:boss']);
    const now = w.clock.now();
    let c = newCase({ id: 'k2', number: 'ZZ-2026-000002', source: 'anonymous_tip', description: '夜间违规动火', photos: [] }, { id: 'chat:x', role: 'worker' }, now);
    c = applyCommand(c, { action: 'register', townId: 'bagong', enterpriseId: 'ent-fs' }, town, now);
    c = applyCommand(c, { action: 'assess', severity: 'general', deadline: atShanghai('2026-06-10', 18) }, assessor, now);
    await w.stores.cases.insert(c);
    await w.service.onCaseChanged(c);
    await w.runUntil(atShanghai('2026-06-07', 10));
    expect(w.chat.to('web:wang')).toEqual([expect.stringContaining('ZZ-2026-000002')]);
    expect(w.chat.to('web:boss')).toEqual([]);
    expect(await w.inbox('boss')).toEqual([]);
  });

  it('a town task’s reminder goes to that town’s officials personally (inbox + chats), not to other towns’', async () => {
    const w = await world(atShanghai('2026-05-01', 10));
    await w.person({ id: 'wang', role: 'town_official', townId: 'bagong' }, ['web:wang', 'tg:1001']);
    await w.person({ id: 'gao', role: 'town_official', townId: 'gaodu' }, ['web:gao']);
    const plan = 'year: 2026\ndefaults: { towns: all, remind_days_before: [7] }\ntasks:\n  - { id: bagong-only, title: 巴公镇专项, due: 2026-05-31, towns: [bagong] }\n';
    await w.service.syncTaskPlan(parseTaskPlan(plan, ['bagong', 'gaodu'], w.clock.now()));
    await w.runUntil(atShanghai('2026-05-24', 10));
    const reminder = expect.stringContaining('工作任务“巴公镇专项”距完成时限还有7天');
    for (const chat of ['web:wang', 'tg:1001', 'tg:-100bagong']) expect(w.chat.to(chat), chat).toEqual([reminder]);
    expect(await w.inbox('wang')).toEqual([['task', reminder]]);
    expect(w.chat.to('web:gao')).toEqual([]);
    expect(await w.inbox('gao')).toEqual([]);
  });
});
