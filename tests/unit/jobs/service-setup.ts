import Database from 'better-sqlite3';
import { newCase, applyCommand, type Actor, type Case } from '../../../domain/index.js';
import { defaultJobsConfig, type JobsConfig } from '../../../jobs/config.js';
import { createDeadlineService } from '../../../jobs/deadline-service.js';
import { createEmbeddedScheduler } from '../../../jobs/scheduler/embedded.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';
import { createFixtureCaseRepo, createFixtureIdentityRepo, createFixtureTownRepo } from '../../fixtures/jobs/sqlite-cases.js';
import { ManualClock, RecordingChat, silentLogger } from '../../fixtures/jobs/manual-clock.js';

export const county: Actor = { id: 'c1', role: 'county_official' };
export const townOfficial: Actor = { id: 'o1', role: 'town_official', townId: 'bagong' };
const assessor: Actor = { id: 'o2', role: 'town_official', townId: 'bagong' };

/** The deadline service on the embedded scheduler, SQLite in memory and a hand-moved clock. */
export function makeService(start: Date, overrides: Partial<JobsConfig> = {}) {
  const db = new Database(':memory:');
  const stores = createSqliteJobStores(db);
  const clock = new ManualClock(start);
  const chat = new RecordingChat();
  const cases = createFixtureCaseRepo(db);
  const towns = createFixtureTownRepo([
    { id: 'bagong', name: '巴公镇', groupChats: ['tg:-100bagong'] },
    { id: 'gaodu', name: '高都镇', groupChats: ['tg:-100gaodu'] },
  ]);
  const identities = createFixtureIdentityRepo([
    { id: 'w1', displayName: '张三', role: 'worker', createdAt: start, chats: ['tg:501'] },
    { id: 'o1', displayName: '李四', role: 'town_official', townId: 'bagong', createdAt: start, chats: ['wecom:lisi'] },
  ]);
  const config = { ...defaultJobsConfig(), countyChats: ['tg:-100county'], ...overrides };
  /** A process's scheduler and service over the shared database (a second call is a restarted process). */
  function startProcess() {
    const scheduler = createEmbeddedScheduler({ items: stores.scheduledItems, clock, backoffMs: 60_000, attempts: 5 });
    const service = createDeadlineService({
      scheduler,
      cases,
      towns,
      identities,
      deliveries: stores.deliveries,
      tasks: stores.tasks,
      chat,
      clock,
      config,
      logger: silentLogger,
    });
    return { scheduler, service };
  }
  const { scheduler, service } = startProcess();

  /** Moves the clock to `at` in steps of at most an hour, running what falls due on the way. */
  async function runUntil(at: Date) {
    while (clock.now().getTime() < at.getTime()) {
      clock.set(new Date(Math.min(at.getTime(), clock.now().getTime() + 3_600_000)));
      await scheduler.runDue();
    }
  }

  /** A case reported, registered and assessed now, with the given deadline. */
  async function assessedCase(id: string, deadline: Date, severity: 'general' | 'major' = 'general'): Promise<Case> {
    const now = clock.now();
    let c = newCase(
      { id, number: `ZZ-2026-${id.padStart(6, '0')}`, source: 'worker_report', description: '配电箱门损坏，电线裸露', photos: [], enterpriseName: '晋城某铸造有限公司', reporterId: 'w1' },
      { id: 'w1', role: 'worker' },
      now,
    );
    c = applyCommand(c, { action: 'register', townId: 'bagong' }, townOfficial, now);
    c = applyCommand(c, { action: 'assess', severity, deadline, assigneeId: 'w1' }, assessor, now);
    await cases.insert(c);
    return c;
  }

  return { db, stores, clock, chat, cases, scheduler, service, restart: startProcess, runUntil, assessedCase, close: () => db.close() };
}
